//===- retry_policy_test.cpp - When an OTLP export is tried again ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/retry_policy.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime::events {
namespace {

TEST(RetryPolicy, OnlyTheSpecificationsStatusesAreRetried) {
  for (int s : {429, 502, 503, 504}) {
    EXPECT_TRUE(retryable_http_status(s)) << s;
  }
  for (int s : {200, 400, 401, 404, 413, 500, 501}) {
    EXPECT_FALSE(retryable_http_status(s)) << s;
  }
}

TEST(RetryPolicy, GrpcCodesAsOtlpSaysResourceExhaustedOnlyWithRetryInfo) {
  for (int c : {1, 4, 10, 11, 14, 15}) { // CANCELLED ... DATA_LOSS
    EXPECT_TRUE(retryable_grpc_status(c, false)) << c;
    EXPECT_TRUE(retryable_grpc_status(c, true)) << c;
  }
  EXPECT_FALSE(retryable_grpc_status(8, false)); // RESOURCE_EXHAUSTED
  EXPECT_TRUE(retryable_grpc_status(8, true));
  for (int c : {0, 2, 3, 5, 6, 7, 9, 12, 13, 16, 99, -1}) {
    EXPECT_FALSE(retryable_grpc_status(c, true)) << c;
  }
}

TEST(RetryPolicy, BackoffDoublesWithJitterUpToItsCeiling) {
  std::mt19937_64 rng(1);
  for (unsigned tries = 1; tries < 12; ++tries) {
    uint64_t whole = std::min<uint64_t>(1000ULL << std::min(tries - 1, 5U), kMaxRetryDelayMs);
    for (int i = 0; i < 50; ++i) {
      uint64_t d = backoff_ms(tries, rng);
      EXPECT_GE(d, whole / 2);
      EXPECT_LE(d, whole);
    }
  }
}

TEST(RetryPolicy, RetryAfterInSecondsOrAsADate) {
  EXPECT_EQ(parse_retry_after("2", 0), 2000U);
  EXPECT_EQ(parse_retry_after(" 0 ", 0), 0U);
  EXPECT_EQ(parse_retry_after("99999999999999999999999", 0), kMaxRetryDelayMs);
  EXPECT_EQ(parse_retry_after("3600", 0), kMaxRetryDelayMs);
  // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 5), 5000U);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 5), 0U);
  for (const char *bad : {"", "-1", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Now 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(parse_retry_after(bad, 0)) << bad;
  }
}

} // namespace
} // namespace gossipper::runtime::events
