//===- report_media_section.cpp - The report's media ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_media_section.hpp"

#include "report_summary_reading.hpp"
#include "report_text.hpp"

#include <optional>
#include <string_view>
#include <utility>

namespace gossipper::tools::report {
namespace json = boost::json;

/// The media of a run that measured streams (the summary's `media`): a
/// table of its figures, the failures only when not zero.
std::string media_section(const json::object &s) {
  const json::object *media = object_member(&s, "media");
  std::optional<double> measured = number(member(media, "streams_measured"));
  if (!measured || *measured <= 0) {
    return {};
  }
  const json::object *mos = object_member(media, "mos");
  const json::object *send_error = object_member(media, "send_error_ms");
  const json::object *outbound = object_member(media, "outbound");
  auto ms = [](const json::value *v) { return number_as(v, [](double d) { return fixed(d, 3); }); };
  auto mos_value = [](const json::value *v) {
    return number_as(v, [](double d) { return fixed(d, 2); });
  };
  const std::pair<std::string_view, std::optional<std::string>> rows[] = {
      {"RTP packets sent", count(member(media, "rtp_packets_sent"))},
      {"RTP packets received", count(member(media, "rtp_packets_received"))},
      {"RTP packets echoed", count(member(media, "echoed_packets"))},
      {"RTCP packets sent", count(member(media, "rtcp_packets_sent"))},
      {"RTCP packets received", count(member(media, "rtcp_packets_received"))},
      {"Streams measured", count(member(media, "streams_measured"))},
      {"Packets expected", count(member(media, "packets_expected"))},
      {"Packets lost", count(member(media, "packets_lost"))},
      {"Loss ratio", shown(member(media, "loss_ratio"), Shown::Ratio)},
      {"Max jitter (ms)", ms(member(media, "max_jitter_ms"))},
      {"MOS min", mos_value(member(mos, "min"))},
      {"MOS p01", mos_value(member(mos, "p01"))},
      {"MOS p50", mos_value(member(mos, "p50"))},
      {"Send-time error p50 (ms)", ms(member(send_error, "p50"))},
      {"Send-time error p99 (ms)", ms(member(send_error, "p99"))},
      {"Send-time error max (ms)", ms(member(send_error, "max"))},
      {"Streams the peer reported on", count(member(outbound, "streams_reported"))},
      {"Packets the peer lost", count(member(outbound, "packets_lost"))},
      {"Peer's max jitter (ms)", ms(member(outbound, "max_jitter_ms"))},
      {"Max round trip (ms)", ms(member(outbound, "max_rtt_ms"))},
      {"rtpcheck streams", count(member(media, "rtpcheck_streams"))},
      {"rtpcheck failed", count(member(media, "rtpcheck_failed"))},
  };
  std::string html = "<section id=\"media\">\n<h2>Media</h2>\n<table class=\"kv\">\n";
  for (const auto &[label, value] : rows) {
    if (value) {
      html += key_value_row(label, *value);
    }
  }
  html += "</table>\n";
  std::string failures;
  for (std::string_view name :
       {"malformed_datagrams", "unattributed_packets", "send_errors", "port_busy",
        "played_without_remote", "unusable_sdp", "dtmf_without_digits"}) {
    std::optional<double> n = number(member(media, name));
    if (n && *n != 0) {
      failures += key_value_row(name, *count(member(media, name)));
    }
  }
  if (!failures.empty()) {
    html += "<table class=\"kv\">\n<caption>Media failures (non-zero)</caption>\n" + failures +
            "</table>\n";
  }
  return html + "</section>\n";
}

} // namespace gossipper::tools::report
