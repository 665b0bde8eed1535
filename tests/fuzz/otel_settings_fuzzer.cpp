// libFuzzer: the readers of what comes from outside the exporter's control:
// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES (k=v,k=v), an
// endpoint URL, a collector's Retry-After, and the whole settings with the
// environment made of the input (the TLS files are only named here: they
// are read when the sink opens). The first byte picks the reader. No key
// is empty, a URL has a host, a port in range and a path, a delay is capped.
#include "events/otel_settings.hpp"
#include "events/retry_policy.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace {

namespace ev = gossipper::runtime::events;

void check_url(const ev::HttpUrl &u) {
  unsigned port = 0;
  auto [end, ec] = std::from_chars(u.port.data(), u.port.data() + u.port.size(), port);
  if (u.host.empty() || ec != std::errc() || port == 0 || port > 65535 || u.target.empty() ||
      u.target.front() != '/') {
    std::abort();
  }
}

void whole_settings(std::string_view text) {
  // Lines: the values of these variables, in order.
  static const char *const kNames[] = {"OTEL_EXPORTER_OTLP_ENDPOINT",
                                       "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
                                       "OTEL_EXPORTER_OTLP_PROTOCOL",
                                       "OTEL_EXPORTER_OTLP_HEADERS",
                                       "OTEL_EXPORTER_OTLP_TIMEOUT",
                                       "OTEL_RESOURCE_ATTRIBUTES",
                                       "OTEL_SERVICE_NAME",
                                       "OTEL_EXPORTER_OTLP_INSECURE",
                                       "OTEL_EXPORTER_OTLP_CERTIFICATE",
                                       "OTEL_EXPORTER_OTLP_CLIENT_KEY",
                                       "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"};
  std::map<std::string, std::string> vars;
  for (const char *name : kNames) {
    size_t nl = text.find('\n');
    vars[name] = std::string(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  auto env = [&](const char *name) -> const char * {
    auto it = vars.find(name);
    return it == vars.end() || it->second.empty() ? nullptr : it->second.c_str();
  };
  auto s = ev::resolve_event_settings({}, {"1", "uac"}, env);
  if (s && s->otlp) {
    check_url(s->otlp->url);
  }
  if (s && (s->resource.size() < 3 || s->resource.front().first != "service.name")) {
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
  switch (data[0] % 4) {
  case 0:
    if (auto kv = ev::parse_key_values(text, "X")) {
      for (const auto &[k, v] : *kv) {
        if (k.empty()) {
          std::abort();
        }
      }
    }
    break;
  case 1:
    if (auto url = ev::parse_http_url(text, "4318", "X")) {
      check_url(*url);
    }
    break;
  case 2:
    if (auto ms = ev::parse_retry_after(text, 1700000000); ms && *ms > ev::kMaxRetryDelayMs) {
      std::abort();
    }
    break;
  default: whole_settings(text);
  }
  return 0;
}
