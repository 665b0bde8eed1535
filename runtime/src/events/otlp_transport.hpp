//===- otlp_transport.hpp - One OTLP export, over HTTP or gRPC -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the OTLP sink's thread calls to send one encoded request, and what
// it needs to know of the answer to apply the retry rules.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gossipper::runtime::events {

struct ExportResult {
  bool ok = false;
  /// Worth another try (a network error, HTTP 429/502/503/504, gRPC's
  /// retryable codes).
  bool retryable = false;
  /// The server's Retry-After, when it gave one.
  std::optional<uint64_t> retry_after_ms;
  /// Why it failed, for the one message said.
  std::string what;
};

class OtlpTransport {
public:
  virtual ~OtlpTransport() = default;
  /// Sends one request and waits at most `timeout_ms` for its answer.
  virtual ExportResult send(const std::string &body, uint64_t timeout_ms) = 0;
};

} // namespace gossipper::runtime::events
