//===- sipp_event_options.cpp - The structured events' options ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Their values are checked against each other and the OTEL_* environment
// when the run opens (runtime/src/events/otel_settings.cpp), before any
// traffic; only -log_attr's shape is checked here.
//
//===----------------------------------------------------------------------===//
#include "sipp_event_options.hpp"

#include "sipp_option_kinds.hpp"

namespace gossipper::tools {

namespace {
using C = SippCommandLine;
using S = const std::string &;
} // namespace

std::vector<SippOption> event_options() {
  const HelpIn h{HelpSection::Traces};
  return {
      string_option(
          "log_file_jsonl", [](C &c, S v) { c.run.events.jsonl_file = v; },
          h.entry("FILE", {"Structured events (calls, SIP messages, timeouts,",
                           "<log>, errors) as JSON lines to FILE."})),
      flag_option(
          "log_stdout", [](C &c) { c.run.events.to_stdout = true; },
          h.entry("", {"The same JSON lines on standard output."})),
      string_option(
          "log_otel_endpoint", [](C &c, S v) { c.run.events.otel_endpoint = v; },
          h.entry("URL", {"Send the events as OTLP logs there (http://HOST:PORT/v1/logs;",
                          "default OTEL_EXPORTER_OTLP_[LOGS_]ENDPOINT)."})),
      string_option(
          "log_otel_protocol", [](C &c, S v) { c.run.events.otel_protocol = v; },
          h.entry("PROTO", {"http/protobuf (default), http/json or grpc",
                            "(default OTEL_EXPORTER_OTLP_[LOGS_]PROTOCOL)."})),
      checked_option(
          "log_attr",
          [](S v) -> Expected<std::pair<std::string, std::string>> {
            size_t eq = v.find('=');
            if (eq == std::string::npos || eq == 0) {
              return Error{"-log_attr: '" + v + "' is not KEY=VALUE", 1};
            }
            return std::pair{v.substr(0, eq), v.substr(eq + 1)};
          },
          [](C &c, const std::pair<std::string, std::string> &kv) {
            c.run.events.attributes.push_back(kv);
          },
          h.entry("K=V", {"A resource attribute of every event (repeatable;",
                          "over OTEL_RESOURCE_ATTRIBUTES)."})),
      string_option(
          "log_level", [](C &c, S v) { c.run.events.level = v; },
          h.entry("LEVEL", {"The least severity sent: debug (every SIP message),",
                            "info (default), warn or error."})),
  };
}

} // namespace gossipper::tools
