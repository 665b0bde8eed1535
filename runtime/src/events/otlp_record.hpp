//===- otlp_record.hpp - An OTLP log record as plain views ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the encoders of an ExportLogsServiceRequest read: the protobuf one
// (otlp_protobuf, in the library that links protobuf) and the JSON one
// (otlp_json). Views only, so the protobuf library needs nothing else of
// the runtime.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::events {

struct OtlpAttribute {
  enum class Type : uint8_t { Text, Int, Double };
  std::string_view key;
  std::string_view text; ///< Type::Text
  int64_t number = 0;    ///< Type::Int
  double real = 0;       ///< Type::Double
  Type type = Type::Text;
};

struct OtlpRecord {
  uint64_t time_unix_nano = 0;
  uint64_t observed_time_unix_nano = 0;
  int severity_number = 0;
  std::string_view severity_text;
  std::string_view body;
  std::span<const OtlpAttribute> attributes;
};

/// One request: a resource, one scope, its records.
struct OtlpRequest {
  std::span<const OtlpAttribute> resource;
  std::string_view scope_name;
  std::string_view scope_version;
  std::span<const OtlpRecord> records;
};

/// The request as protobuf (ExportLogsServiceRequest).
[[nodiscard]] std::string encode_otlp_protobuf(const OtlpRequest &request);
/// The request as OTLP/JSON.
[[nodiscard]] std::string encode_otlp_json(const OtlpRequest &request);

/// The outcome of one gRPC export: whether to try again is the retry
/// policy's (retryable_grpc_status), from the code and RetryInfo.
struct GrpcResult {
  bool ok = false;
  int code = 0;                           ///< grpc::StatusCode
  bool retry_info = false;                ///< the status details carry a google.rpc.RetryInfo
  std::optional<uint64_t> retry_delay_ms; ///< its retry_delay, when it has one
  std::string message;
};

/// The channel's credentials: insecure, or TLS with these PEM texts (an
/// empty root: gRPC's default roots).
struct OtlpGrpcSecurity {
  bool tls = false;
  std::string root_pem;
  std::string key_pem;
  std::string cert_pem;
};

/// A gRPC client of LogsService.Export on one endpoint (host:port).
class OtlpGrpcChannel {
public:
  virtual ~OtlpGrpcChannel() = default;
  /// Sends one ExportLogsServiceRequest (already encoded as protobuf).
  virtual GrpcResult
  export_logs(const std::string &request, uint64_t timeout_ms,
              const std::vector<std::pair<std::string, std::string>> &headers) = 0;
};
[[nodiscard]] std::unique_ptr<OtlpGrpcChannel>
make_otlp_grpc_channel(const std::string &target, const OtlpGrpcSecurity &security);

} // namespace gossipper::runtime::events
