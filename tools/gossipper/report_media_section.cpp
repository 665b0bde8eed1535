//===- report_media_section.cpp - The report's media ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_media_section.hpp"

#include "report_over_time.hpp"
#include "report_summary_reading.hpp"
#include "report_text.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

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

namespace {

/// A media sample's figures, in Sample::values.
enum Figure : size_t { Sent, Received, Echoed, Lost, JitterMs, Mos, kFigures };

/// Their names in a point of media_over_time (and in its end).
constexpr std::array<std::string_view, kFigures> kFigureNames = {
    "rtp_packets_sent", "rtp_packets_received", "echoed_packets",
    "packets_lost",     "max_jitter_ms",        "min_mos"};

Sample media_sample(double t_ms, const json::object *point) {
  Sample sample{t_ms, {}};
  for (std::string_view name : kFigureNames) {
    sample.values.push_back(number(member(point, name)));
  }
  return sample;
}

/// The media over time, from the start to the end of the run: a point that
/// is not an object or has no t_ms is left out, an absent figure breaks its
/// lines only.
std::vector<Sample> media_samples(const json::object &s) {
  const json::object *series = object_member(&s, "media_over_time");
  std::vector<Sample> samples;
  if (const json::array *points = array_member(series, "points")) {
    for (const json::value &p : *points) {
      if (std::optional<double> t = number(member(p.if_object(), "t_ms"))) {
        samples.push_back(media_sample(*t, p.if_object()));
      }
    }
  }
  if (!samples.empty()) {
    // The counts start at zero with the run; `end` holds them at its end.
    Sample start{0, std::vector<std::optional<double>>(kFigures, 0.0)};
    start.values[JitterMs] = start.values[Mos] = std::nullopt;
    samples.insert(samples.begin(), start);
    std::optional<double> duration = number(member(&s, "duration"));
    if (const json::object *end = object_member(series, "end"); end != nullptr && duration) {
      samples.push_back(media_sample(*duration / 1e6, end));
    }
  }
  return samples;
}

/// Whether the run sent, received or echoed RTP, by its media totals or by
/// its samples.
bool had_rtp(const json::object &s, const std::vector<Sample> &samples) {
  const json::object *media = object_member(&s, "media");
  for (size_t f : {Sent, Received, Echoed}) {
    if (number(member(media, kFigureNames[f])).value_or(0) > 0) {
      return true;
    }
    for (const Sample &sample : samples) {
      if (sample.values[f].value_or(0) > 0) {
        return true;
      }
    }
  }
  return false;
}

json::object line(std::string_view name, std::string_view style, json::array points) {
  return json::object{{"name", name}, {"style", style}, {"points", std::move(points)}};
}

std::string chart(Charts &charts, std::string_view id, std::string_view title,
                  std::string_view y_label, json::array series) {
  return charts.add(json::object{{"kind", "line"},
                                 {"id", id},
                                 {"title", title},
                                 {"x_label", "time since the start (s)"},
                                 {"y_label", y_label},
                                 {"series", std::move(series)}});
}

bool any_above_zero(const json::array &points) {
  for (const json::value &p : points) {
    if (p.is_array() && p.as_array()[1].to_number<double>() > 0) {
      return true;
    }
  }
  return false;
}

} // namespace

std::string media_over_time_section(const json::object &s, Charts &charts) {
  std::vector<Sample> samples = media_samples(s);
  if (!had_rtp(s, samples)) {
    return {};
  }
  std::string html = "<section id=\"media-over-time\">\n<h2>Media over time</h2>\n";
  json::array sent = rate_line(samples, Sent), received = rate_line(samples, Received);
  json::array echoed = rate_line(samples, Echoed), lost = rate_line(samples, Lost);
  json::array mos = end_value_line(samples, Mos), jitter = end_value_line(samples, JitterMs);
  if (sent.empty() && received.empty() && echoed.empty() && lost.empty() && mos.empty() &&
      jitter.empty()) {
    return html + "<p class=\"absent\">This summary has no media samples.</p>\n</section>\n";
  }
  html += "<p>Each interval between two samples is drawn flat. A stream's lost packets and "
          "its MOS are counted when it ends; the jitter is the largest of a stream measured "
          "so far (the summary keeps no jitter per interval).</p>\n";
  if (!sent.empty() || !received.empty() || !echoed.empty()) {
    json::array packets{line("sent/s", "sent", std::move(sent)),
                        line("received/s", "received", std::move(received))};
    if (any_above_zero(echoed)) {
      packets.push_back(line("echoed/s", "echoed", std::move(echoed)));
    }
    html += chart(charts, "media_packets", "RTP packets per second", "packets per second",
                  std::move(packets));
  }
  if (!lost.empty()) {
    html += chart(charts, "media_lost", "RTP packets lost per second", "packets per second",
                  json::array{line("lost/s", "lost", std::move(lost))});
  }
  if (!mos.empty()) {
    html += chart(charts, "media_mos", "Lowest MOS of the streams ended in each interval", "MOS",
                  json::array{line("MOS", "mos", std::move(mos))});
  }
  if (any_above_zero(jitter)) {
    html += chart(charts, "media_jitter", "Largest jitter of a stream measured so far",
                  "milliseconds", json::array{line("max jitter", "jitter", std::move(jitter))});
  }
  return html + "</section>\n";
}

} // namespace gossipper::tools::report
