//===- otel_settings.cpp - Where events go, options and environment -------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/otel_settings.hpp"

#include "gossipper/stdlib/url_coding.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace gossipper::runtime::events {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
    s.remove_suffix(1);
  }
  return s;
}

/// Sets key to value, in place when the key is there already.
void put(KeyValues &kv, const std::string &key, const std::string &value) {
  auto it = std::find_if(kv.begin(), kv.end(), [&](const auto &p) { return p.first == key; });
  if (it != kv.end()) {
    it->second = value;
  } else {
    kv.emplace_back(key, value);
  }
}

std::string from_env(const Environment &env, const char *name) {
  const char *v = env(name);
  return v != nullptr ? std::string(trim(v)) : std::string();
}

Expected<Severity> parse_level(const std::string &level) {
  if (level == "debug") {
    return Severity::Debug;
  }
  if (level == "info") {
    return Severity::Info;
  }
  if (level == "warn") {
    return Severity::Warn;
  }
  if (level == "error") {
    return Severity::Error;
  }
  return Error{"-log_level: '" + level + "' is not debug, info, warn or error", 1};
}

Expected<OtlpProtocol> parse_protocol(const std::string &value, const std::string &what) {
  if (value == "http/protobuf") {
    return OtlpProtocol::HttpProtobuf;
  }
  if (value == "http/json") {
    return OtlpProtocol::HttpJson;
  }
  if (value == "grpc") {
    return OtlpProtocol::Grpc;
  }
  return Error{what + ": '" + value + "' is not http/protobuf, http/json or grpc", 1};
}

/// The first of the option and the variables that is set, and its name.
std::pair<std::string, std::string> first_set(const Environment &env, const std::string &option,
                                              const char *option_name,
                                              std::initializer_list<const char *> vars) {
  if (!option.empty()) {
    return {option, option_name};
  }
  for (const char *v : vars) {
    if (std::string value = from_env(env, v); !value.empty()) {
      return {value, v};
    }
  }
  return {};
}

/// OTEL_EXPORTER_OTLP_[LOGS_]INSECURE: "true" or "false", any case (the
/// specification's booleans); anything else is refused rather than read as
/// false, as every other bad value here is.
Expected<bool> resolve_insecure(const Environment &env) {
  auto [text, from] =
      first_set(env, "", "", {"OTEL_EXPORTER_OTLP_LOGS_INSECURE", "OTEL_EXPORTER_OTLP_INSECURE"});
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text.empty() || text == "false") {
    return false;
  }
  if (text == "true") {
    return true;
  }
  return Error{from + ": '" + text + "' is not true or false", 1};
}

/// The TLS files, the logs' variable over the general one; a client key
/// goes with a client certificate.
Expected<OtlpTlsFiles> resolve_tls_files(const Environment &env) {
  auto file = [&](const char *logs_var, const char *var) {
    auto [path, from] = first_set(env, "", "", {logs_var, var});
    return TlsFile{path, from};
  };
  OtlpTlsFiles f;
  f.ca = file("OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE");
  f.key = file("OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY");
  f.cert =
      file("OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE");
  if (f.key.path.empty() != f.cert.path.empty()) {
    const TlsFile &given = f.key.path.empty() ? f.cert : f.key;
    return Error{given.from + " is set without " +
                     (f.key.path.empty() ? "OTEL_EXPORTER_OTLP_CLIENT_KEY"
                                         : "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE") +
                     ": the client's key and certificate go together",
                 1};
  }
  return f;
}

/// The endpoint's URL. gRPC also takes a bare host:port (gRPC's own form),
/// secure unless OTEL_EXPORTER_OTLP_[LOGS_]INSECURE is true; a scheme, when
/// given, wins over that variable.
Expected<HttpUrl> resolve_url(const std::string &endpoint, const std::string &from, bool grpc,
                              const Environment &env) {
  Expected<bool> insecure = resolve_insecure(env);
  if (!insecure) {
    return insecure.error();
  }
  bool bare = grpc && endpoint.find("://") == std::string::npos;
  Expected<HttpUrl> url =
      parse_http_url(bare ? "http://" + endpoint : endpoint, grpc ? "4317" : "4318", from);
  if (url && bare) {
    url->tls = !*insecure;
  }
  return url;
}

Expected<std::optional<OtlpSettings>> resolve_otlp(const EventsConfig &config,
                                                   const Environment &env) {
  auto [protocol_text, protocol_from] =
      first_set(env, config.otel_protocol, "-log_otel_protocol",
                {"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"});
  OtlpSettings s;
  if (!protocol_text.empty()) {
    Expected<OtlpProtocol> p = parse_protocol(protocol_text, protocol_from);
    if (!p) {
      return p.error();
    }
    s.protocol = *p;
  }
  bool grpc = s.protocol == OtlpProtocol::Grpc;
  // The signal's own endpoint is taken as it is; the general one gets the
  // signal's path (HTTP only: gRPC has no path).
  auto [endpoint, endpoint_from] = first_set(env, config.otel_endpoint, "-log_otel_endpoint",
                                             {"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"});
  if (endpoint.empty()) {
    endpoint = from_env(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
    endpoint_from = "OTEL_EXPORTER_OTLP_ENDPOINT";
    if (endpoint.empty()) {
      return std::optional<OtlpSettings>();
    }
    if (!grpc) {
      endpoint += endpoint.ends_with('/') ? "v1/logs" : "/v1/logs";
    }
  }
  s.endpoint = endpoint;
  Expected<HttpUrl> url = resolve_url(endpoint, endpoint_from, grpc, env);
  if (!url) {
    return url.error();
  }
  s.url = *url;
  Expected<OtlpTlsFiles> tls = resolve_tls_files(env);
  if (!tls) {
    return tls.error();
  }
  s.tls = *tls;
  for (const char *var : {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_LOGS_HEADERS"}) {
    Expected<KeyValues> headers = parse_key_values(from_env(env, var), var);
    if (!headers) {
      return headers.error();
    }
    for (auto &[k, v] : *headers) {
      std::string key = k;
      std::transform(key.begin(), key.end(), key.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      put(s.headers, key, v);
    }
  }
  for (const char *var : {"OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"}) {
    std::string text = from_env(env, var);
    if (text.empty()) {
      continue;
    }
    uint64_t ms = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size() || ms == 0) {
      return Error{std::string(var) + ": '" + text + "' is not a timeout in milliseconds", 1};
    }
    s.timeout_ms = ms;
  }
  return std::optional<OtlpSettings>(std::move(s));
}

} // namespace

Expected<KeyValues> parse_key_values(std::string_view text, std::string_view what) {
  KeyValues out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) {
      continue;
    }
    size_t eq = item.find('=');
    std::string key =
        eq == std::string_view::npos ? "" : stdlib::url_decode(trim(item.substr(0, eq)));
    if (key.empty()) {
      return Error{std::string(what) + ": '" + std::string(item) + "' is not key=value", 1};
    }
    put(out, key, stdlib::url_decode(trim(item.substr(eq + 1))));
  }
  return out;
}

Expected<HttpUrl> parse_http_url(std::string_view url, std::string_view default_port,
                                 std::string_view what) {
  auto bad = [&](const std::string &why) {
    return Error{std::string(what) + ": '" + std::string(url) + "' " + why, 1};
  };
  HttpUrl out;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    out.tls = true;
  } else {
    return bad("is not an http:// or https:// URL");
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  std::string_view port;
  if (authority.starts_with('[')) { // [v6]:port
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return bad("has an unclosed [");
    }
    out.host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return bad("has no port after ]");
    }
    port = after.empty() ? after : after.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  }
  if (out.host.empty() || out.host.find('@') != std::string::npos) {
    return bad("has no host");
  }
  unsigned number = 0;
  if (!port.empty()) {
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc() || end != port.data() + port.size() || number == 0 || number > 65535) {
      return bad("has a bad port");
    }
  }
  out.port = port.empty() ? std::string(default_port) : std::string(port);
  return out;
}

Expected<EventSettings> resolve_event_settings(const EventsConfig &config,
                                               const EventOrigin &origin, const Environment &env) {
  EventSettings s;
  s.version = origin.version;
  s.jsonl_file = config.jsonl_file;
  s.to_stdout = config.to_stdout;
  Expected<Severity> level = parse_level(config.level);
  if (!level) {
    return level.error();
  }
  s.level = *level;
  Expected<std::optional<OtlpSettings>> otlp = resolve_otlp(config, env);
  if (!otlp) {
    return otlp.error();
  }
  s.otlp = *std::move(otlp);
  // Ours first, then the environment's, then OTEL_SERVICE_NAME, then
  // -log_attr: the later wins (the SDK specification's order).
  put(s.resource, "service.name", "gossipper");
  put(s.resource, "service.version", origin.version);
  put(s.resource, "gossipper.role", origin.role);
  Expected<KeyValues> attributes =
      parse_key_values(from_env(env, "OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES");
  if (!attributes) {
    return attributes.error();
  }
  for (auto &[k, v] : *attributes) {
    put(s.resource, k, v);
  }
  if (std::string name = from_env(env, "OTEL_SERVICE_NAME"); !name.empty()) {
    put(s.resource, "service.name", name);
  }
  for (const auto &[k, v] : config.attributes) {
    put(s.resource, k, v);
  }
  return s;
}

} // namespace gossipper::runtime::events
