//===- otel_settings.hpp - Where events go, options and environment -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The -log_* options over OpenTelemetry's environment variables (the OTLP
// exporter and SDK specifications): OTEL_EXPORTER_OTLP_[LOGS_]ENDPOINT,
// _PROTOCOL, _HEADERS, _TIMEOUT, _CERTIFICATE, _CLIENT_KEY,
// _CLIENT_CERTIFICATE and _INSECURE, OTEL_SERVICE_NAME and
// OTEL_RESOURCE_ATTRIBUTES. Read once, when the run opens: a bad value is
// an error that names the option or variable, before any traffic.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event.hpp"
#include "gossipper/runtime/events_config.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gossipper::runtime::events {

enum class OtlpProtocol : uint8_t { HttpProtobuf, HttpJson, Grpc };

using KeyValues = std::vector<std::pair<std::string, std::string>>;

/// An http:// or https:// URL, taken apart.
struct HttpUrl {
  std::string host;
  std::string port;
  std::string target; ///< path and query, "/" at least
  bool tls = false;   ///< https://
};

/// A file the TLS connection reads, and the variable that named it (for
/// the error when it cannot be used).
struct TlsFile {
  std::string path; ///< empty: none
  std::string from;
};

/// The OTLP specification's TLS files: read and checked when the sink opens
/// (events/otlp_tls.hpp), not here, so that these settings stay text.
struct OtlpTlsFiles {
  TlsFile ca;   ///< trusted certificates (PEM); none: the system's store
  TlsFile key;  ///< the client's private key (PEM), with `cert`
  TlsFile cert; ///< the client's certificate chain (PEM), with `key`
};

struct OtlpSettings {
  OtlpProtocol protocol = OtlpProtocol::HttpProtobuf;
  std::string endpoint; ///< as resolved, for messages
  HttpUrl url;          ///< HTTP: where to POST; gRPC: host and port
  KeyValues headers;
  uint64_t timeout_ms = 10000;
  OtlpTlsFiles tls; ///< used when url.tls
};

struct EventSettings {
  std::string jsonl_file;
  bool to_stdout = false;
  Severity level = Severity::Info;
  std::optional<OtlpSettings> otlp;
  /// service.name, service.version, gossipper.role, then the others.
  KeyValues resource;
  std::string version; ///< the scope's version too
  [[nodiscard]] bool on() const { return !jsonl_file.empty() || to_stdout || otlp.has_value(); }
};

/// Reads an environment variable (null: not set).
using Environment = std::function<const char *(const char *)>;

/// Who makes the events: the resource's service.version and
/// gossipper.role ("uac" or "uas").
struct EventOrigin {
  std::string version;
  std::string role;
};

/// The settings of a run.
[[nodiscard]] Expected<EventSettings> resolve_event_settings(const EventsConfig &config,
                                                             const EventOrigin &origin,
                                                             const Environment &env);

/// "k=v,k=v" with each part URL-decoded (OTEL_EXPORTER_OTLP_HEADERS,
/// OTEL_RESOURCE_ATTRIBUTES); `what` names the source in the error.
[[nodiscard]] Expected<KeyValues> parse_key_values(std::string_view text, std::string_view what);

/// http[s]://host[:port][/path]; `default_port` when none is given.
[[nodiscard]] Expected<HttpUrl> parse_http_url(std::string_view url, std::string_view default_port,
                                               std::string_view what);

} // namespace gossipper::runtime::events
