//===- grpc_status_details_test.cpp - RetryInfo in a gRPC status ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The status bytes are written here by hand, field by field (google.rpc's
// Status, google.protobuf.Any, google.rpc.RetryInfo, Duration), so that the
// test does not share the reader's code.
//
//===----------------------------------------------------------------------===//
#include "events/grpc_status_details.hpp"

#include "events/retry_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime::events {
namespace {

std::string varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
  return out;
}

std::string tag(uint32_t field, uint32_t wire_type) { return varint((field << 3) | wire_type); }

std::string number_field(uint32_t field, uint64_t v) { return tag(field, 0) + varint(v); }

std::string bytes_field(uint32_t field, const std::string &bytes) {
  return tag(field, 2) + varint(bytes.size()) + bytes;
}

std::string duration(int64_t seconds, int32_t nanos) {
  std::string d;
  if (seconds != 0) {
    d += number_field(1, static_cast<uint64_t>(seconds));
  }
  if (nanos != 0) {
    d += number_field(2, static_cast<uint64_t>(static_cast<int64_t>(nanos)));
  }
  return d;
}

std::string any(const std::string &type, const std::string &value) {
  return bytes_field(1, "type.googleapis.com/" + type) + bytes_field(2, value);
}

std::string retry_info(int64_t seconds, int32_t nanos) {
  return any("google.rpc.RetryInfo", bytes_field(1, duration(seconds, nanos)));
}

std::string status(const std::vector<std::string> &details) {
  std::string s = number_field(1, 8) + bytes_field(2, "slow down");
  for (const std::string &d : details) {
    s += bytes_field(3, d);
  }
  return s;
}

TEST(GrpcStatusDetails, RetryInfosDelayInMilliseconds) {
  RetryInfoDetail r = find_retry_info(status({retry_info(1, 0)}));
  EXPECT_TRUE(r.present);
  EXPECT_EQ(r.delay_ms, 1000U);
  EXPECT_EQ(find_retry_info(status({retry_info(2, 500000000)})).delay_ms, 2500U);
  // Rounded up: the server asked for at least this long.
  EXPECT_EQ(find_retry_info(status({retry_info(0, 1)})).delay_ms, 1U);
}

TEST(GrpcStatusDetails, DelaysOutOfRangeAreBounded) {
  EXPECT_EQ(find_retry_info(status({retry_info(86400, 0)})).delay_ms, kMaxRetryDelayMs);
  EXPECT_EQ(find_retry_info(status({retry_info(-5, 0)})).delay_ms, 0U);
  EXPECT_EQ(find_retry_info(status({retry_info(0, -3)})).delay_ms, 0U);
}

TEST(GrpcStatusDetails, RetryInfoWithoutADelayIsStillThere) {
  RetryInfoDetail r = find_retry_info(status({any("google.rpc.RetryInfo", "")}));
  EXPECT_TRUE(r.present);
  EXPECT_FALSE(r.delay_ms);
}

TEST(GrpcStatusDetails, FoundAmongOtherDetailsAndUnknownFields) {
  std::string debug = any("google.rpc.DebugInfo", bytes_field(2, "detail"));
  // A fixed64 and a fixed32 field the reader does not know: skipped.
  std::string odd = tag(9, 1) + std::string(8, 'x') + tag(10, 5) + std::string(4, 'y');
  RetryInfoDetail r = find_retry_info(status({debug, retry_info(3, 0)}) + odd);
  EXPECT_TRUE(r.present);
  EXPECT_EQ(r.delay_ms, 3000U);
}

TEST(GrpcStatusDetails, NoneWhenAbsentOrAnotherType) {
  EXPECT_FALSE(find_retry_info("").present);
  EXPECT_FALSE(find_retry_info(status({})).present);
  EXPECT_FALSE(find_retry_info(status({any("google.rpc.QuotaFailure", "")})).present);
  EXPECT_FALSE(find_retry_info(status({any("google.rpc.RetryInfoX", "")})).present);
  EXPECT_FALSE(
      find_retry_info(status({bytes_field(1, "google.rpc.RetryInfo") + bytes_field(2, "")}))
          .present); // no '/' in the type URL
}

TEST(GrpcStatusDetails, MalformedBytesReadAsNone) {
  std::string whole = status({retry_info(1, 0)});
  for (size_t cut = 1; cut < whole.size(); ++cut) {
    RetryInfoDetail r = find_retry_info(whole.substr(0, cut));
    EXPECT_FALSE(r.present) << cut;
  }
  // A length past the end, a field number 0, a varint that never ends.
  EXPECT_FALSE(find_retry_info(tag(3, 2) + varint(1000) + "ab").present);
  EXPECT_FALSE(find_retry_info(std::string(1, '\0') + whole).present);
  EXPECT_FALSE(find_retry_info(whole + tag(1, 0) + std::string(11, '\xff')).present);
  // A RetryInfo whose Duration does not read is no RetryInfo.
  EXPECT_FALSE(
      find_retry_info(status({any("google.rpc.RetryInfo", bytes_field(1, tag(1, 0)))})).present);
}

} // namespace
} // namespace gossipper::runtime::events
