//===- retry_policy.hpp - When an OTLP export is tried again ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The OTLP specification's rules: HTTP 429, 502, 503 and 504 are retried,
// after the server's Retry-After when it gives one, else after an
// exponential backoff with jitter; any other answer (400 and 413 above all)
// is final. Over gRPC, OTLP's retryable codes are retried, and
// RESOURCE_EXHAUSTED only when the server says with a google.rpc.RetryInfo
// that it will recover; a RetryInfo's delay is waited as Retry-After is. A
// batch is tried a bounded number of times, then dropped and counted.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace gossipper::runtime::events {

/// Tries of one batch, the first included.
inline constexpr unsigned kMaxExportTries = 6;
/// The longest wait between two tries, whatever Retry-After says.
inline constexpr uint64_t kMaxRetryDelayMs = 30000;

[[nodiscard]] inline bool retryable_http_status(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

/// gRPC status codes (grpc::StatusCode's values, fixed by gRPC's protocol),
/// here so that the policy needs no grpc++ header.
enum class GrpcCode : int {
  Cancelled = 1,
  DeadlineExceeded = 4,
  ResourceExhausted = 8,
  Aborted = 10,
  OutOfRange = 11,
  Unavailable = 14,
  DataLoss = 15,
};

/// OTLP/gRPC's rule: `retry_info` tells that the status details carry a
/// google.rpc.RetryInfo.
[[nodiscard]] bool retryable_grpc_status(int code, bool retry_info);

/// The wait before try `tries + 1` (tries >= 1): 1 s doubled each time, at
/// most 30 s, drawn in [half, whole] so that many exporters spread out.
[[nodiscard]] uint64_t backoff_ms(unsigned tries, std::mt19937_64 &rng);

/// A Retry-After value in ms: delay-seconds, or an HTTP date (IMF-fixdate)
/// against `now_s` (seconds since the epoch); nullopt when it is neither.
[[nodiscard]] std::optional<uint64_t> parse_retry_after(std::string_view value, int64_t now_s);

} // namespace gossipper::runtime::events
