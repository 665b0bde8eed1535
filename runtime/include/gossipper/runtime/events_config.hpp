//===- events_config.hpp - Where the structured events go ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The -log_* options as the command line gives them. The OTEL_* environment
// variables are read, and everything checked, when the run opens
// (events/otel_settings.hpp), so a bad value stops it before any traffic.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gossipper::runtime {

struct EventsConfig {
  std::string jsonl_file; ///< -log_file_jsonl FILE (empty: none)
  bool to_stdout = false; ///< -log_stdout: JSON lines on standard output
  /// -log_otel_endpoint URL: the OTLP logs endpoint as given (empty: the
  /// OTEL_EXPORTER_OTLP_*ENDPOINT variables, else no OTLP).
  std::string otel_endpoint;
  /// -log_otel_protocol (empty: the OTEL_EXPORTER_OTLP_*PROTOCOL variables,
  /// else http/protobuf).
  std::string otel_protocol;
  /// -log_attr k=v, in the order given: resource attributes, over the
  /// environment's.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string level = "info"; ///< -log_level debug|info|warn|error
};

} // namespace gossipper::runtime
