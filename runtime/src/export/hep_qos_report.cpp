//===- hep_qos_report.cpp - A stream's QoS report for Homer ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "export/hep_qos_report.hpp"

#include "gossipper/stdlib/utf8_text.hpp"

#include <array>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace gossipper::runtime {
namespace {

void key(std::string &out, std::string_view name) {
  out += out.back() == '{' ? "\"" : ",\"";
  out += name;
  out += "\":";
}

void field(std::string &out, std::string_view name, std::string_view text) {
  key(out, name);
  stdlib::append_json_string(out, text);
}

void field(std::string &out, std::string_view name, uint64_t v) {
  key(out, name);
  out += std::to_string(v);
}

/// The shortest text that reads back as `v`, so that a reader gets the
/// very figure the summary was made from (null if it is not finite).
void field(std::string &out, std::string_view name, double v) {
  key(out, name);
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  std::array<char, 32> text{};
  auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), v);
  out.append(text.data(), ec == std::errc() ? end : text.data());
}

/// Seconds since the epoch with their µs, as Homer's agents write REPORT_TS.
void timestamp(std::string &out, std::string_view name, uint64_t wall_us) {
  key(out, name);
  std::array<char, 32> text{};
  int n = std::snprintf(text.data(), text.size(), "%" PRIu64 ".%06" PRIu64, wall_us / 1000000,
                        wall_us % 1000000);
  out.append(text.data(), static_cast<size_t>(n));
}

} // namespace

void append_qos_report(const StreamEndEvent &e, std::string &out) {
  out += '{';
  field(out, "CORRELATION_ID", e.call_id);
  field(out, "RTP_SIP_CALL_ID", e.call_id);
  timestamp(out, "REPORT_TS", e.wall_us);
  field(out, "TYPE", "FINAL"); // one report, at the stream's end
  // The figures are of the RTP received: the peer's stream, coming in
  // (DIR 0), from its address to ours.
  field(out, "DIR", uint64_t{0});
  field(out, "MEDIA", e.media);
  field(out, "SRC_IP", e.peer.address().to_string());
  field(out, "SRC_PORT", uint64_t{e.peer.port()});
  field(out, "DST_IP", e.local.address().to_string());
  field(out, "DST_PORT", uint64_t{e.local.port()});
  field(out, "CODEC_NAME", e.codec);
  field(out, "CLOCK", uint64_t{e.clock_rate});
  field(out, "TOTAL_PK", e.packets_received);
  field(out, "TL_BYTE", e.octets_received);
  field(out, "SENT_PK", e.packets_sent);
  field(out, "SENT_BYTE", e.octets_sent);
  if (e.packets_received != 0) {
    // Nothing received, nothing measured: no figure rather than a MOS of 0.
    field(out, "EXPECTED_PK", static_cast<uint64_t>(e.qos.packets_expected));
    field(out, "PACKET_LOSS", static_cast<uint64_t>(e.qos.packets_lost));
    field(out, "JITTER", e.jitter_ms);
    field(out, "MAX_JITTER", e.qos.max_jitter_ms);
    field(out, "MOS", e.qos.mos);
    field(out, "RFACTOR", e.qos.r_factor);
  }
  if (e.rtt_ms >= 0) {
    field(out, "RTT", e.rtt_ms);
  }
  out += '}';
}

} // namespace gossipper::runtime
