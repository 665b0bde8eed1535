//===- tui_view.cpp - gossipper tui's dashboard, as lines -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "tui_view.hpp"

#include "json_fields.hpp"
#include "shell_stats_text.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace gossipper::tools {
namespace {

namespace json = boost::json;

double num(const json::object &o, std::string_view key) { return json_number(o, key); }
std::string str(const json::object &o, std::string_view key) { return json_string(o, key); }

const json::object &obj(const json::object &o, std::string_view key) {
  static const json::object none;
  const json::value *v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->as_object() : none;
}

/// `v` with `precision` decimals in `width` columns (negative: to the left).
std::string fixed(double v, int precision, int width = 0) {
  std::array<char, 64> out{};
  std::snprintf(out.data(), out.size(), "%*.*f", width, precision, v);
  return out.data();
}

std::string general(double v) {
  std::array<char, 32> out{};
  std::snprintf(out.data(), out.size(), "%g", v);
  return out.data();
}

/// `text` cut or padded to `width` columns.
std::string fit(const std::string &text, size_t width) {
  std::string out;
  size_t cols = 0;
  for (size_t i = 0; i < text.size() && cols < width; ++cols) {
    size_t len = 1;
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xf0) {
      len = 4;
    } else if (c >= 0xe0) {
      len = 3;
    } else if (c >= 0xc0) {
      len = 2;
    }
    out.append(text, i, len);
    i += len;
  }
  return out + std::string(width - cols, ' ');
}

std::string status_text(const TuiDashboard &d) {
  const json::object &s = obj(d.stats, "status");
  std::string quitting = str(s, "quitting");
  bool paused =
      s.if_contains("paused") != nullptr && s.at("paused").is_bool() && s.at("paused").as_bool();
  std::string state = d.ended                                     ? "ENDED"
                      : paused                                    ? "PAUSED"
                      : quitting.empty() || quitting == "running" ? "running"
                                                                  : quitting;
  std::string saturation = d.ended ? "" : saturation_phrase(s);
  return str(d.stats, "scenario") + " - " + d.source + " - " + state + " - " +
         fixed(num(d.stats, "elapsed_ms") / 1000, 1) + " s" + " - rate " + general(num(s, "rate")) +
         " per " + general(num(s, "rate_period_ms") / 1000) + " s, limit " +
         general(num(s, "call_limit")) + (saturation.empty() ? "" : " - " + saturation);
}

void calls(const TuiDashboard &d, std::vector<TuiLine> &out, size_t spark, bool utf8) {
  const json::object &c = obj(d.stats, "calls");
  out.push_back({"Calls", true});
  out.push_back({"  created " + fixed(num(c, "created"), 0, -9) + " open " +
                     fixed(num(c, "open"), 0, -7) + " successful " +
                     fixed(num(c, "successful"), 0, -9) + " failed " + fixed(num(c, "failed"), 0),
                 false});
  std::vector<double> rate, open, p50, p99;
  for (const TuiPoint &p : d.points) {
    rate.push_back(p.rate_cps);
    open.push_back(p.open);
    p50.push_back(p.p50_ms);
    p99.push_back(p.p99_ms);
  }
  out.push_back(
      {"  calls/s " + fixed(num(c, "rate_cps"), 1, 8) + "  " + sparkline(rate, spark, utf8),
       false});
  out.push_back(
      {"  open    " + fixed(num(c, "open"), 0, 8) + "  " + sparkline(open, spark, utf8), false});
  out.push_back({"Response times (ms)", true});
  const json::value *rts = d.stats.if_contains("response_times");
  bool first = true;
  for (const json::value &rt :
       rts != nullptr && rts->is_array() ? rts->as_array() : json::array()) {
    const json::object *r = rt.if_object();
    if (r == nullptr) {
      continue;
    }
    out.push_back({"  " + fit(str(*r, "name"), 8) + " p50 " + fixed(num(*r, "p50_ms"), 2, 8) +
                       "  p90 " + fixed(num(*r, "p90_ms"), 2, 8) + "  p99 " +
                       fixed(num(*r, "p99_ms"), 2, 8) + "  (" + fixed(num(*r, "count"), 0) + ")",
                   false});
    if (first) { // the history's percentiles are the first response time's
      out.push_back(
          {"  p50     " + std::string(8, ' ') + "  " + sparkline(p50, spark, utf8), false});
      out.push_back(
          {"  p99     " + std::string(8, ' ') + "  " + sparkline(p99, spark, utf8), false});
      first = false;
    }
  }
}

void messages(const TuiDashboard &d, std::vector<TuiLine> &out, size_t room) {
  const json::value *rows = d.stats.if_contains("messages");
  if (rows == nullptr || !rows->is_array() || room < 3) {
    return;
  }
  out.push_back({"Messages                      sent      recv    retrans  timeout  unexp", true});
  for (const json::value &row : rows->as_array()) {
    const json::object *m = row.if_object();
    if (m == nullptr || out.size() >= room) {
      continue;
    }
    std::string kind = str(*m, "kind");
    std::string arrow = kind == "send" ? "-->" : kind == "recv" ? "<--" : "   ";
    out.push_back({"  " + fit(str(*m, "label") + " " + arrow, 26) + fixed(num(*m, "sent"), 0, 9) +
                       " " + fixed(num(*m, "received"), 0, 9) + " " +
                       fixed(num(*m, "retransmissions"), 0, 9) + " " +
                       fixed(num(*m, "timeouts"), 0, 8) + " " + fixed(num(*m, "unexpected"), 0, 6),
                   false});
  }
}

void media(const TuiDashboard &d, std::vector<TuiLine> &out) {
  const json::object &m = obj(d.stats, "media");
  if (num(m, "rtp_packets_sent") + num(m, "rtp_packets_received") == 0) {
    return;
  }
  out.push_back({"Media", true});
  out.push_back({"  RTP sent " + fixed(num(m, "rtp_packets_sent"), 0) + ", received " +
                     fixed(num(m, "rtp_packets_received"), 0) + ", lost " +
                     fixed(num(m, "packets_lost"), 0) + " of " +
                     fixed(num(m, "packets_expected"), 0) + "; streams measured " +
                     fixed(num(m, "streams_measured"), 0) + ", rtpcheck failed " +
                     fixed(num(m, "rtpcheck_failed"), 0) + "; SRTP streams " +
                     fixed(num(m, "srtp_streams"), 0) + ", auth failures " +
                     fixed(num(m, "srtp_auth_failures"), 0),
                 false});
}

} // namespace

size_t columns(const std::string &text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0U) != 0x80U;
  }));
}

std::string sparkline(const std::vector<double> &values, size_t width, bool utf8) {
  static const std::array<const char *, 8> blocks = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static const std::string ascii = "_.-:=+*#";
  size_t from = values.size() > width ? values.size() - width : 0;
  double top = 0;
  for (size_t i = from; i < values.size(); ++i) {
    top = std::max(top, values[i]);
  }
  std::string out;
  for (size_t i = from; i < values.size(); ++i) {
    if (values[i] < 0) {
      out += ' ';
      continue;
    }
    auto level = static_cast<size_t>(top > 0 ? values[i] / top * 7.0 + 0.5 : 0);
    level = std::min<size_t>(level, 7);
    out += utf8 ? std::string(blocks[level]) : std::string(1, ascii[level]);
  }
  return out;
}

std::vector<TuiLine> dashboard_lines(const TuiDashboard &d, int width, int height, bool utf8) {
  auto w = static_cast<size_t>(std::max(width, 1));
  auto h = static_cast<size_t>(std::max(height, 2));
  size_t spark = w > 24 ? w - 24 : 1;
  std::vector<TuiLine> out;
  out.push_back({status_text(d), true});
  calls(d, out, spark, utf8);
  media(d, out);
  messages(d, out, h - 2);
  out.resize(std::min(out.size(), h - 2));
  out.resize(h - 2);
  out.push_back({d.note, false});
  out.push_back({d.ended ? "q leave"
                         : "+ - rate by 1  * / by 10  p pause  q stop  Q stop now  x leave, run on",
                 true});
  for (TuiLine &l : out) {
    l.text = fit(l.text, w);
  }
  return out;
}

} // namespace gossipper::tools
