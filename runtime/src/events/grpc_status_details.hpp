//===- grpc_status_details.hpp - RetryInfo in a gRPC status ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A failed gRPC call may carry a google.rpc.Status in its trailers
// (grpc-status-details-bin; grpc::Status::error_details()), whose details
// are google.protobuf.Any. OTLP reads one of them: google.rpc.RetryInfo,
// which makes RESOURCE_EXHAUSTED retryable and says how long to wait. No
// Debian package ships google/rpc's .proto files, so the few fields needed
// are read off the wire format here (libprotobuf's CodedInputStream). The
// bytes are the collector's: anything malformed reads as "no RetryInfo".
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gossipper::runtime::events {

struct RetryInfoDetail {
  bool present = false;
  /// retry_delay in ms, rounded up, negative as 0, capped at
  /// kMaxRetryDelayMs; none when RetryInfo has no delay.
  std::optional<uint64_t> delay_ms;
};

/// The first google.rpc.RetryInfo among a serialized google.rpc.Status's
/// details.
[[nodiscard]] RetryInfoDetail find_retry_info(std::string_view status);

} // namespace gossipper::runtime::events
