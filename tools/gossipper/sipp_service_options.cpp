//===- sipp_service_options.cpp - The API's and Homer's options -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The sections of the option table for the services a run offers or feeds:
// the management API and Prometheus, and HEP3 mirroring.
//
//===----------------------------------------------------------------------===//
#include "sipp_service_options.hpp"

#include "sipp_option_kinds.hpp"

#include "gossipper/runtime/address.hpp"

#include <algorithm>

namespace gossipper::tools {

namespace {
using C = SippCommandLine;
using S = const std::string &;
} // namespace

std::vector<SippOption> api_options() {
  const HelpIn h{HelpSection::Management};
  return {
      string_option(
          "api_addr", [](C &c, S v) { c.api_addr = v; },
          h.entry("HOST:PORT",
                  {"Serve the JSON API (/api/v1), its live WebSocket and the",
                   "web panel (/) there. Loopback only unless -api_token", "is given."})),
      flag_option(
          "control", [](C &) {}, // main.cpp runs the test under the dashboard instead
          h.entry("", {"The run under gossipper tui's live dashboard",
                       "(keys + - * / p q Q x); needs a terminal."})),
      string_option(
          "api_token", [](C &c, S v) { c.api.token = v; },
          h.entry("TOKEN", {"Every API and /metrics request then needs",
                            "Authorization: Bearer TOKEN (or ?token=TOKEN).", "No default."})),
      number_option<uint32_t>(
          "api_live_interval", [](C &c, uint32_t v) { c.api.live_interval_ms = v; },
          h.entry("MS", {"The live frames' and history's period (500)."})),
      string_option(
          "api_tls_cert", [](C &c, S v) { c.api.tls_cert = v; },
          h.entry("FILE", {"HTTPS and WSS with this certificate (PEM) and key."})),
      string_option(
          "api_tls_key", [](C &c, S v) { c.api.tls_key = v; }, h.joined("FILE")),
      string_option(
          "api_port_file", [](C &c, S v) { c.api_port_file = v; },
          h.entry("FILE", {"Write the port the API listens on there (with",
                           "-api_addr HOST:0; gossipper server uses it)."})),
      flag_option(
          "api_allow_exec", [](C &c) { c.api.allow_exec = true; },
          h.entry("", {"Scenarios uploaded through the API may use <exec>."})),
      string_option(
          "metrics_addr", [](C &c, S v) { c.metrics_addr = v; },
          h.entry("HOST:PORT", {"Serve Prometheus metrics (/metrics) there, for a run",
                                "without -api_addr (whose listener serves /metrics",
                                "too). Loopback only unless -api_token is given."})),
  };
}

std::vector<SippOption> observability_options() {
  const HelpIn h{HelpSection::Observability};
  auto address = [](const std::string &v) -> Expected<runtime::HostPort> {
    runtime::HostPort hp = runtime::split_host_port(v);
    if (hp.host.empty() || hp.port == 0) {
      return Error{"-hep_addr: '" + v + "' is not HOST:PORT"};
    }
    return hp;
  };
  auto transport = [](const std::string &v) -> Expected<runtime::HepOptions::Transport> {
    using T = runtime::HepOptions::Transport;
    if (v == "udp" || v == "tcp" || v == "tls") {
      return v == "udp" ? T::Udp : v == "tcp" ? T::Tcp : T::Tls;
    }
    return Error{"-hep_transport: '" + v + "' is not udp, tcp or tls"};
  };
  return {
      checked_option(
          "hep_addr", address,
          [](C &c, const runtime::HostPort &hp) {
            c.run.hep.host = hp.host;
            c.run.hep.port = hp.port;
          },
          h.entry("HOST:PORT", {"Mirror every SIP message sent and received (HEP3, type",
                                "1) and the media's RTCP (type 5) to a Homer capture",
                                "server there. Never slows the calls: a full queue drops,",
                                "and the drops are counted."})),
      checked_option(
          "hep_transport", transport,
          [](C &c, runtime::HepOptions::Transport t) { c.run.hep.transport = t; },
          h.entry("udp|tcp|tls", {"How HEP packets travel (udp)."})),
      number_option<uint32_t>(
          "hep_capture_id", [](C &c, uint32_t v) { c.run.hep.capture_id = v; },
          h.entry("N", {"The capture agent id of every packet (2001)."})),
      string_option(
          "hep_password", [](C &c, S v) { c.run.hep.password = v; },
          h.entry("TEXT", {"The auth key chunk of every packet (none)."})),
      string_option(
          "hep_node_name", [](C &c, S v) { c.run.hep.node_name = v; },
          h.entry("NAME", {"The node name chunk of every packet (none)."})),
      number_option<uint32_t>(
          "hep_queue", [](C &c, uint32_t v) { c.run.hep.queue_bytes = std::max(v, 65536U); },
          h.entry("BYTES",
                  {"Each thread's queue of packets not yet sent", "(4194304; at least 65536)."})),
  };
}

} // namespace gossipper::tools
