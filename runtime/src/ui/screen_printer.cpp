//===- screen_printer.cpp - SIPp's screens --------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Layouts follow SIPp 3.6.1's screen.cpp output as captured from the real
// binary. Two of its defects are not copied: the statistics screen shows the
// cumulative value in the cumulative column, and "Call limit N hit" gives the
// period in seconds.
//
//===----------------------------------------------------------------------===//
#include "ui/screen_printer.hpp"
#include "gossipper/runtime/run_share.hpp"
#include "time/wall_date.hpp"

#include <algorithm>

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace gossipper::runtime {
namespace {

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

std::string cut79(std::string s) {
  if (s.size() > 79) {
    s.resize(79);
  }
  return s;
}

std::string hms(uint64_t ms) {
  // HH:MM:SS:uuuuuu where the last field is milliseconds x 1000, as SIPp.
  uint64_t s = ms / 1000;
  return fmt("%02llu:%02llu:%02llu:%06llu", static_cast<unsigned long long>(s / 3600),
             static_cast<unsigned long long>((s / 60) % 60),
             static_cast<unsigned long long>(s % 60),
             static_cast<unsigned long long>((ms % 1000) * 1000));
}

const char *kCross =
    "-------------------------+---------------------------+--------------------------";

} // namespace

std::string sipp_time_string(double ms) {
  if (ms < 10000) {
    if (static_cast<int>(ms + 0.9999) == static_cast<int>(ms)) {
      return fmt("%dms", static_cast<int>(ms));
    }
    return ms < 1000 ? fmt("%.2lfms", ms) : fmt("%.1lfms", ms);
  }
  if (ms < 60000) {
    return fmt("%.1fs", ms / 1000);
  }
  auto s = static_cast<unsigned>(ms / 1000);
  if (ms < 60 * 60000) {
    return fmt("%u:%02u", s / 60, s % 60);
  }
  return fmt("%u:%02u:%02u", s / 3600, (s / 60) % 60, s % 60);
}

ScreenPrinter::ScreenPrinter(const RunConfig &cfg, const ir::Scenario &scenario)
    : cfg_(cfg), s_(scenario) {}

std::string ScreenPrinter::footer(const Frame &f) const {
  if (f.closing) {
    return "------------------------------ Test Terminated --------------------------------";
  }
  if (f.quitting != QuitLevel::Running) {
    return "------- Waiting for active calls to end. Press [q] again to force exit. -------";
  }
  if (f.paused) {
    return "----------------- Traffic Paused - Press [p] again to resume ------------------";
  }
  if (cfg_.server_mode) {
    return "------------------------------ SIPp Server Mode -------------------------------";
  }
  return "------ [+|-|*|/]: Adjust rate ---- [q]: Soft exit ---- [p]: Pause traffic -----";
}

std::string ScreenPrinter::shard_line(const Frame &f) const {
  // Ours: the rate, users and -m above are the run's totals; this says
  // which part of them this process makes (docs/sharding.md).
  uint32_t i = cfg_.shard_index;
  uint32_t n = cfg_.shard_count;
  std::string line = fmt("  Shard %u/%u: ", i, n);
  if (cfg_.server_mode) {
    return line + "answers the calls sent to it";
  }
  if (f.users >= 0) {
    auto users = static_cast<uint64_t>(f.users);
    line +=
        fmt("%llu of the %llu users", static_cast<unsigned long long>(shard_amount(users, i, n)),
            static_cast<unsigned long long>(users));
  } else {
    line += fmt("%.1f of the %.1f calls per period", shard_rate(f.rate, i, n), f.rate);
  }
  if (cfg_.max_calls != 0) {
    line += fmt(", %llu of -m %llu", static_cast<unsigned long long>(own_max_calls(cfg_)),
                static_cast<unsigned long long>(cfg_.max_calls));
  }
  return line;
}

std::vector<std::string> ScreenPrinter::scenario_header(const Frame &f) const {
  const StatsSnapshot &now = *f.now;
  const StatsSnapshot &start = *f.period_start;
  std::vector<std::string> lines;
  auto cs = static_cast<unsigned long>(f.clock_ms);
  const char *transport = transport_name(cfg_.transport);
  if (cfg_.server_mode) {
    lines.push_back("  Port   Total-time  Total-calls  Transport");
    lines.push_back(
        cut79(fmt("  %-5d %6lu.%02lu s     %8llu  %s", f.local_port, cs / 1000, (cs % 1000) / 10,
                  static_cast<unsigned long long>(now.created()), transport)));
  } else if (f.users >= 0) {
    lines.push_back("  Users (length)   Port   Total-time  Total-calls  Remote-host");
    lines.push_back(
        cut79(fmt("  %d (%d ms)   %-5d %6lu.%02lu s     %8llu  %.20s:%d(%s)",
                  static_cast<int>(f.users), static_cast<int>(cfg_.default_pause_ms), f.local_port,
                  cs / 1000, (cs % 1000) / 10, static_cast<unsigned long long>(now.created()),
                  cfg_.remote_ip.c_str(), cfg_.remote_port, transport)));
  } else {
    lines.push_back("  Call rate (length)   Port   Total-time  Total-calls  Remote-host");
    lines.push_back(cut79(fmt("  %3.1f(%d ms)/%5.3fs   %-5d %6lu.%02lu s     %8llu  %s:%d(%s)",
                              f.rate, static_cast<int>(cfg_.default_pause_ms),
                              cfg_.rate_period_ms / 1000.0, f.local_port, cs / 1000,
                              (cs % 1000) / 10, static_cast<unsigned long long>(now.created()),
                              cfg_.remote_ip.c_str(), cfg_.remote_port, transport)));
  }
  lines.emplace_back();
  std::string left;
  uint64_t max_calls = own_max_calls(cfg_);
  if (max_calls == 0 || now.created() < max_calls) {
    left = fmt("%llu new calls during %llu.%03llu s period",
               static_cast<unsigned long long>(now.created() - start.created()),
               static_cast<unsigned long long>(f.period_ms / 1000),
               static_cast<unsigned long long>(f.period_ms % 1000));
  } else {
    left = fmt("Call limit %llu hit, %0.1f s period ", static_cast<unsigned long long>(max_calls),
               static_cast<double>(f.period_ms) / 1000.0);
  }
  lines.push_back(cut79(fmt("  %-38s  %-37s", left.c_str(), "1 ms scheduler resolution")));
  std::string calls =
      cfg_.server_mode
          ? fmt("%llu calls", static_cast<unsigned long long>(now.open_calls))
          : fmt("%llu calls (limit %llu)", static_cast<unsigned long long>(now.open_calls),
                static_cast<unsigned long long>(f.call_limit));
  lines.push_back(cut79(fmt("  %-38s  Peak was %llu calls, after %llu s", calls.c_str(),
                            static_cast<unsigned long long>(now.peak_calls),
                            static_cast<unsigned long long>(now.peak_time_s))));
  std::string dead = fmt("%llu dead call msg (discarded)",
                         static_cast<unsigned long long>(now.get(Counter::DeadCallMsgs)));
  if (cfg_.server_mode) {
    lines.push_back(cut79(fmt("  %-38s", dead.c_str())));
  } else {
    lines.push_back(cut79(fmt("  %-38s  %llu out-of-call msg (discarded)", dead.c_str(),
                              static_cast<unsigned long long>(now.get(Counter::OutOfCallMsgs)))));
  }
  std::string bad = fmt("%llu malformed msg (discarded)",
                        static_cast<unsigned long long>(now.get(Counter::MalformedMessages)));
  lines.push_back(cut79(fmt("  %-38s", bad.c_str())));
  if (cfg_.sharded()) {
    lines.push_back(cut79(shard_line(f)));
  }
  // Ours: a line only while the run is saturated or held (docs/overload.md).
  bool held = f.users < 0 && !cfg_.server_mode && f.offered_rate > 0 && f.offered_rate < f.rate;
  if (!f.saturation.empty() || held) {
    std::string line = "  ";
    if (!f.saturation.empty()) {
      line += "Saturated: " + f.saturation + ". ";
    }
    if (held) {
      char offer[96];
      std::snprintf(offer, sizeof offer, "Offering %.1f of %.1f calls", f.offered_rate, f.rate);
      line += offer;
    } else if (!cfg_.overload_control && f.users < 0 && !cfg_.server_mode) {
      line += "Not held (-overload_control false)";
    }
    lines.push_back(cut79(line));
  }
  lines.emplace_back();
  return lines;
}

std::string ScreenPrinter::element_row(const ir::State &st, const StatsSnapshot::State &c,
                                       bool lose) const {
  std::string rtd = "        ";
  if (st.start_rtd != 0) {
    rtd = fmt(" B-RTD%u ", st.start_rtd);
  } else if (st.stop_rtd != 0) {
    rtd = fmt(" E-RTD%u ", st.stop_rtd);
  }
  std::string line;
  auto ull = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::string lost = lose && c.lost != 0 ? std::to_string(c.lost) : std::string();
  if (const auto *send = std::get_if<ir::SendState>(&st.body)) {
    std::string what = send->is_response ? std::to_string(send->code) : send->method;
    line = cfg_.server_mode ? fmt("  <---------- %-10s ", what.c_str())
                            : fmt("  %10s ----------> ", what.c_str());
    if (send->is_response && !cfg_.server_mode) {
      line = fmt("  %10d ----------> ", send->code);
    }
    line += rtd;
    if (send->retrans_ms != 0) {
      line += fmt("%-9llu %-9llu %-9llu %-9s %-9s", ull(c.sent), ull(c.sent_retrans),
                  ull(c.timeouts), "", lost.c_str());
    } else {
      line += fmt("%-9llu %-9llu %-9s %-9s %-9s", ull(c.sent), ull(c.sent_retrans), "", "",
                  lost.c_str());
    }
  } else if (const auto *recv = std::get_if<ir::RecvState>(&st.body)) {
    std::string what = recv->request.empty() ? (recv->response ? std::to_string(*recv->response)
                                                               : recv->response_text)
                                             : recv->request;
    line = cfg_.server_mode ? fmt("  ----------> %-10s ", what.c_str())
                            : fmt("  %10s <---------- ", what.c_str());
    line += rtd;
    line += fmt("%-9llu %-9llu %-9llu %-9llu %-9s", ull(c.recv), ull(c.recv_retrans),
                ull(c.timeouts), ull(c.unexpected), lost.c_str());
  } else if (const auto *pause = std::get_if<ir::PauseState>(&st.body)) {
    std::string desc;
    if (pause->variable != ir::kNoVar) {
      desc = "$" + s_.variables[pause->variable].name;
    } else if (pause->distribution.kind == ir::Distribution::Kind::Default) {
      desc = sipp_time_string(cfg_.default_pause_ms);
    } else if (pause->distribution.kind == ir::Distribution::Kind::Fixed) {
      desc = sipp_time_string(pause->distribution.params[0]);
    } else {
      desc = "random";
    }
    int len = std::max<int>(9, static_cast<int>(desc.size()));
    if (cfg_.server_mode) {
      line = fmt("  [%9s] Pause", desc.c_str()) +
             std::string(static_cast<size_t>(std::max(0, 23 - len)), ' ');
    } else {
      line = fmt("       Pause [%9s]", desc.c_str()) +
             std::string(static_cast<size_t>(std::max(0, 18 - len)), ' ');
    }
    line +=
        fmt("%-9llu", ull(c.sessions)) + std::string(21, ' ') + fmt("%-9llu", ull(c.unexpected));
  } else if (std::holds_alternative<ir::NopState>(st.body)) {
    line = st.display.empty() ? std::string(14, ' ') + "[ NOP ]" + std::string(14, ' ')
                              : " " + st.display;
  } else if (std::holds_alternative<ir::RecvCmdState>(st.body)) {
    line = fmt("    [ Received Command ]         %-9llu %-9s %-9s %-9s", ull(c.recv), "", "", "");
  } else {
    line = fmt("        [ Sent Command ]         %-9llu %-9s           %-9s", ull(c.sent), "", "");
  }
  return line;
}

std::vector<std::string> ScreenPrinter::scenario_screen(const Frame &f) const {
  std::vector<std::string> lines = scenario_header(f);
  // SIPp's Lost column appears when messages can be lost (-lost, lost=).
  bool lose =
      cfg_.global_lost > 0 || std::any_of(s_.states.begin(), s_.states.end(),
                                          [](const ir::State &st) { return st.lost.has_value(); });
  lines.push_back(std::string(33, ' ') + (lose ? "Messages  Retrans   Timeout   Unexp.    Lost"
                                               : "Messages  Retrans   Timeout   Unexpected-Msg"));
  // A snapshot counts the elements of one version of the scenario (the API
  // may replace it): never more rows than it has.
  for (size_t i = 0; i < s_.states.size() && i < f.now->states.size(); ++i) {
    const ir::State &st = s_.states[i];
    if (st.hide && f.hide) {
      continue;
    }
    lines.push_back(cut79(element_row(st, f.now->states[i], lose)));
    if (st.crlf) {
      lines.emplace_back();
    }
  }
  return lines;
}

std::vector<std::string> ScreenPrinter::stats_screen(const Frame &f) const {
  const StatsSnapshot &now = *f.now;
  const StatsSnapshot &start = *f.period_start;
  auto ull = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  auto txt = [](const char *label, const std::string &value) {
    return fmt("  %-22.22s | %-52.52s ", label, value.c_str());
  };
  auto col = [](const std::string &label, const std::string &p, const std::string &c) {
    return fmt("  %-22.22s | %-25.25s | %-24.24s ", label.c_str(), p.c_str(), c.c_str());
  };
  auto two = [&](const std::string &label, uint64_t p, uint64_t c) {
    return fmt("  %-22.22s | %8llu                  | %8llu                 ", label.c_str(),
               ull(p), ull(c));
  };
  std::vector<std::string> lines;
  lines.push_back(txt("Start Time", sipp_timestamp(f.start_wall_us)));
  lines.push_back(txt("Last Reset Time", sipp_timestamp(f.reset_wall_us)));
  lines.push_back(txt("Current Time", sipp_timestamp(f.now_wall_us)));
  lines.emplace_back(kCross);
  lines.emplace_back("  Counter Name           | Periodic value            | Cumulative value");
  lines.emplace_back(kCross);
  lines.push_back(col("Elapsed Time", hms(f.period_ms), hms(f.clock_ms)));
  uint64_t pc = now.created() - start.created();
  double prate =
      f.period_ms != 0 ? 1000.0 * static_cast<double>(pc) / static_cast<double>(f.period_ms) : 0;
  double crate = f.clock_ms != 0
                     ? 1000.0 * static_cast<double>(now.created()) / static_cast<double>(f.clock_ms)
                     : 0;
  lines.push_back(fmt("  %-22.22s | %8.3f cps              | %8.3f cps             ", "Call Rate",
                      prate, crate));
  lines.emplace_back(kCross);
  auto diff = [&](Counter c) { return now.get(c) - start.get(c); };
  lines.push_back(
      two("Incoming calls created", diff(Counter::IncomingCall), now.get(Counter::IncomingCall)));
  lines.push_back(
      two("Outgoing calls created", diff(Counter::OutgoingCall), now.get(Counter::OutgoingCall)));
  lines.push_back(fmt("  %-22.22s |                           | %8llu                 ",
                      "Total Calls created", ull(now.created())));
  lines.push_back(fmt("  %-22.22s | %8llu                  |                          ",
                      "Current Calls", ull(now.open_calls)));
  if (!s_.counters.empty()) {
    lines.emplace_back(kCross);
    for (size_t i = 0; i < s_.counters.size(); ++i) {
      lines.push_back(two("Counter " + s_.counters[i],
                          now.user_counters[i] - start.user_counters[i], now.user_counters[i]));
    }
  }
  lines.emplace_back(kCross);
  lines.push_back(
      two("Successful call", diff(Counter::SuccessfulCall), now.get(Counter::SuccessfulCall)));
  lines.push_back(two("Failed call", diff(Counter::FailedCall), now.get(Counter::FailedCall)));
  lines.emplace_back(kCross);
  auto mean = [](uint64_t sum, uint64_t count) { return count == 0 ? 0 : sum / count; };
  for (size_t i = 0; i < s_.rtds.size(); ++i) {
    const auto &n = now.rtd[i];
    const auto &o = start.rtd[i];
    lines.push_back(col("Response Time " + s_.rtds[i].name,
                        hms(mean(n.sum_ms - o.sum_ms, n.count - o.count)),
                        hms(mean(n.sum_ms, n.count))));
  }
  const auto &n = now.call_length;
  const auto &o = start.call_length;
  lines.push_back(col("Call Length", hms(mean(n.sum_ms - o.sum_ms, n.count - o.count)),
                      hms(mean(n.sum_ms, n.count))));
  return lines;
}

std::vector<std::string> ScreenPrinter::repartition_screen(const Frame &f, size_t rtd) const {
  std::vector<std::string> lines;
  auto table = [&](const std::vector<uint32_t> &bounds, const std::vector<uint64_t> &buckets) {
    if (bounds.empty()) {
      lines.push_back(fmt("  %-77.77s", "  <No repartion defined>"));
      return;
    }
    for (size_t i = 0; i < bounds.size(); ++i) {
      lines.push_back(fmt("    %10u ms <= n < %10u ms : %10llu", i == 0 ? 0 : bounds[i - 1],
                          bounds[i],
                          static_cast<unsigned long long>(i < buckets.size() ? buckets[i] : 0)));
    }
    lines.push_back(fmt("    %14.14s n >= %10u ms : %10llu", "", bounds.back(),
                        static_cast<unsigned long long>(
                            bounds.size() < buckets.size() ? buckets[bounds.size()] : 0)));
  };
  if (rtd >= s_.rtds.size()) {
    lines.push_back(fmt("  %-77.77s", "  <No repartion defined>"));
    return lines;
  }
  lines.push_back(
      fmt("  %-77.77s", ("Average Response Time Repartition " + s_.rtds[rtd].name).c_str()));
  table(s_.response_time_repartition.bounds_ms, f.now->rtd[rtd].buckets);
  if (rtd == 0) {
    lines.push_back(fmt("  %-77.77s", "Average Call Length Repartition"));
    table(s_.call_length_repartition.bounds_ms, f.now->call_length.buckets);
  }
  return lines;
}

std::string ScreenPrinter::render(char key, const Frame &f) const {
  std::string title;
  std::vector<std::string> body;
  switch (key) {
  case '2':
    title = "----------------------------- Statistics Screen ------- [1-9]: Change Screen --";
    body = stats_screen(f);
    break;
  case '3':
    title = "---------------------------- Repartition Screen ------- [1-9]: Change Screen --";
    body = repartition_screen(f, 0);
    break;
  case '6':
  case '7':
  case '8':
  case '9': {
    size_t n = static_cast<size_t>(key - '6') + 2;
    title = "--------------------------- Repartition " + std::to_string(n) +
            " Screen ------ [1-9]: Change Screen --";
    body = repartition_screen(f, n - 1);
    break;
  }
  case '0':
    if (!f.closing) { // the final screens are SIPp's
      title = "------------------------------- Media Screen -------- [1-9,0]: Change Screen --";
      body = media_screen(f);
      break;
    }
    [[fallthrough]];
  default:
    title = "------------------------------ Scenario Screen -------- [1-9]: Change Screen --";
    body = scenario_screen(f);
  }
  std::string out = title + "\n";
  for (const std::string &l : body) {
    out += l + "\n";
  }
  if (!f.closing && !f.last_error.empty()) {
    std::string e = f.last_error.size() > 60 ? f.last_error.substr(0, 60) + "..." : f.last_error;
    out += cut79("Last Error: " + e) + "\n";
  }
  out += footer(f) + "\n";
  return out;
}

} // namespace gossipper::runtime
