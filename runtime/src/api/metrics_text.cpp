//===- metrics_text.cpp - A run's snapshot as Prometheus metrics ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/metrics_text.hpp"

#include "api/stats_document.hpp"
#include "gossipper/stdlib/utf8_text.hpp"
#include "stats/latency_histogram.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace gossipper::runtime::api {
namespace {

/// The page being written: a family's # HELP and # TYPE, then its samples,
/// each with the scenario's label first.
class Page {
public:
  explicit Page(std::string_view scenario)
      : scenario_("scenario=\"" + metrics_label_value(scenario) + "\"") {}

  void family(std::string_view name, std::string_view type, std::string_view help) {
    text_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    text_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  /// `labels`: more labels, already written (`index="0",direction="sent"`).
  void sample(std::string_view name, std::string_view labels, std::string_view value) {
    text_.append(name).append("{").append(scenario_);
    if (!labels.empty()) {
      text_.append(",").append(labels);
    }
    text_.append("} ").append(value).append("\n");
  }
  void sample(std::string_view name, std::string_view labels, uint64_t value) {
    sample(name, labels, std::to_string(value));
  }
  /// A family of one sample.
  void single(std::string_view name, std::string_view type, std::string_view help,
              std::string_view value) {
    family(name, type, help);
    sample(name, {}, value);
  }
  void single(std::string_view name, std::string_view type, std::string_view help, uint64_t value) {
    single(name, type, help, std::to_string(value));
  }

  [[nodiscard]] std::string take() { return std::move(text_); }

private:
  std::string scenario_;
  std::string text_;
};

std::string label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + metrics_label_value(value) + "\"";
}

/// µs as seconds, in decimal: exact, with no binary rounding in the text.
std::string seconds_text(uint64_t us) {
  std::string out = std::to_string(us / 1000000);
  uint64_t frac = us % 1000000;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 6 - digits.size(), '0');
    digits.erase(digits.find_last_not_of('0') + 1);
    out += "." + digits;
  }
  return out;
}

std::string number_text(double v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.15g", v);
  return buf.data();
}

uint64_t counter(const StatsSnapshot &s, Counter c) {
  auto i = static_cast<size_t>(c);
  return i < s.counters.size() ? s.counters[i] : 0;
}

void run_state(Page &page, const MetricsInput &in) {
  const RunStatus &st = in.totals->status;
  page.family("gossipper_info", "gauge",
              "The run: its scenario and Gossipper's version (always 1).");
  page.sample("gossipper_info", label("version", in.version), 1);
  page.single("gossipper_run_elapsed_seconds", "gauge", "Time since the run started.",
              seconds_text(st.elapsed_ms * 1000));
  page.family("gossipper_run_state", "gauge",
              "1 for the state the run is in: running, ending (-m reached, -timeout), stopping "
              "(q) or aborting (Q).");
  for (QuitLevel q :
       {QuitLevel::Running, QuitLevel::Soft, QuitLevel::Graceful, QuitLevel::Aborting}) {
    page.sample("gossipper_run_state", label("state", quit_level_name(q)),
                st.quitting == q ? 1 : 0);
  }
  page.single("gossipper_run_paused", "gauge", "1 while no new call is made (paused).",
              st.paused ? 1 : 0);
  page.single("gossipper_saturated", "gauge",
              "1 while the run is saturated: its timers late, the kernel dropping its datagrams.",
              st.saturation.empty() ? 0 : 1);
  page.single("gossipper_saturated_seconds_total", "counter", "Time the run was saturated.",
              seconds_text(st.saturated_ms * 1000));
  if (st.users >= 0) {
    page.single("gossipper_users", "gauge", "The users of a -users run.",
                static_cast<uint64_t>(st.users));
  } else if (!st.server && st.rate_period_ms > 0) {
    page.single("gossipper_call_rate", "gauge",
                "The call rate asked for (-r over -rp), calls per second; the rate made is "
                "rate(gossipper_calls_created_total[1m]).",
                number_text(st.rate * 1000.0 / st.rate_period_ms));
    page.single("gossipper_offered_call_rate", "gauge",
                "The call rate offered, calls per second: the asked one unless the overload "
                "controller holds it lower.",
                number_text(st.offered_rate * 1000.0 / st.rate_period_ms));
  }
  page.single("gossipper_call_limit", "gauge", "The limit of simultaneous calls (-l).",
              st.call_limit);
}

void calls(Page &page, const StatsSnapshot &s) {
  page.single("gossipper_calls_created_total", "counter",
              "Calls made or received since the start (SIPp's OutgoingCall + IncomingCall).",
              counter(s, Counter::OutgoingCall) + counter(s, Counter::IncomingCall));
  page.single("gossipper_calls_successful_total", "counter",
              "Calls that ended successfully since the start.",
              counter(s, Counter::SuccessfulCall));
  page.single("gossipper_calls_failed_total", "counter",
              "Calls that failed since the start; gossipper_call_failures_total says why.",
              counter(s, Counter::FailedCall));
  page.single("gossipper_calls_current", "gauge", "Calls open now.", s.open_calls);
  page.family("gossipper_call_failures_total", "counter",
              "Failed calls by SIPp's failure counter (its statistics-CSV name); a failure of "
              "no class counts only in gossipper_calls_failed_total.");
  for (auto c = static_cast<size_t>(Counter::FailedCannotSendMessage);
       c <= static_cast<size_t>(Counter::FailedStrcmpShouldntMatch); ++c) {
    page.sample("gossipper_call_failures_total",
                label("reason", counter_name(static_cast<Counter>(c))),
                counter(s, static_cast<Counter>(c)));
  }
  page.sample("gossipper_call_failures_total", label("reason", counter_name(Counter::AbortedCalls)),
              counter(s, Counter::AbortedCalls));
}

void other_counters(Page &page, const StatsSnapshot &s) {
  struct Row {
    Counter counter;
    std::string_view name, help;
  };
  static constexpr std::array<Row, 10> kRows = {{
      {Counter::Retransmissions, "gossipper_retransmissions_total", "Retransmissions sent."},
      {Counter::OutOfCallMsgs, "gossipper_out_of_call_messages_total",
       "Messages for no known call (SIPp's OutOfCallMsgs)."},
      {Counter::DeadCallMsgs, "gossipper_dead_call_messages_total",
       "Messages for calls already ended (SIPp's DeadCallMsgs)."},
      {Counter::AutoAnswered, "gossipper_auto_answered_total",
       "Requests answered by the default behaviours (SIPp's AutoAnswered)."},
      {Counter::MalformedMessages, "gossipper_malformed_messages_total",
       "Messages that could not be parsed."},
      {Counter::Uncounted, "gossipper_calls_uncounted_total",
       "Calls that ended neither successful nor failed (SIPp's PING auto-reply)."},
      {Counter::Warnings, "gossipper_warnings_total", "Warnings logged."},
      {Counter::FatalErrors, "gossipper_fatal_errors_total", "Fatal errors."},
      {Counter::WatchdogMajor, "gossipper_watchdog_major_total", "Major watchdog triggers."},
      {Counter::WatchdogMinor, "gossipper_watchdog_minor_total", "Minor watchdog triggers."},
  }};
  for (const Row &r : kRows) {
    page.single(r.name, "counter", r.help, counter(s, r.counter));
  }
}

/// The scenario screen's counts, one series per message element.
void messages(Page &page, const MetricsInput &in) {
  const ir::Scenario &sc = *in.scenario;
  const StatsSnapshot &s = in.totals->stats;
  std::vector<std::pair<std::string, const StatsSnapshot::State *>> rows;
  for (size_t i = 0; i < sc.states.size() && i < s.states.size(); ++i) {
    ElementDescription d = describe_element(sc, sc.states[i]);
    if (d.kind == "send" || d.kind == "recv") {
      // A scenario applied to the run (POST /scenario/apply) counts its
      // elements from zero: series of their own, by version.
      rows.emplace_back(label("index", std::to_string(i)) + "," +
                            label("direction", d.kind == "send" ? "sent" : "received") + "," +
                            label("method_or_code", d.label) + "," +
                            label("scenario_version", std::to_string(s.scenario_version)),
                        &s.states[i]);
    }
  }
  using Count = uint64_t (*)(const StatsSnapshot::State &);
  struct Family {
    std::string_view name, help;
    Count count;
  };
  static constexpr std::array<Family, 5> kFamilies = {{
      {"gossipper_messages_total", "Messages sent or received by each element of the scenario.",
       [](const StatsSnapshot::State &c) { return c.sent + c.recv; }},
      {"gossipper_message_retransmissions_total", "Retransmissions of each element.",
       [](const StatsSnapshot::State &c) { return c.sent_retrans + c.recv_retrans; }},
      {"gossipper_message_timeouts_total", "Timeouts of each element.",
       [](const StatsSnapshot::State &c) { return c.timeouts; }},
      {"gossipper_message_unexpected_total", "Unexpected messages received at each element.",
       [](const StatsSnapshot::State &c) { return c.unexpected; }},
      {"gossipper_message_lost_total", "Messages of each element lost on purpose (-lost).",
       [](const StatsSnapshot::State &c) { return c.lost; }},
  }};
  for (const Family &f : kFamilies) {
    page.family(f.name, "counter", f.help);
    for (const auto &[labels, state] : rows) {
      page.sample(f.name, labels, f.count(*state));
    }
  }
}

void histogram(Page &page, std::string_view name, std::string_view labels,
               const StatsSnapshot::SeriesSum &s) {
  const std::vector<uint64_t> &h = s.histogram;
  std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
  uint64_t below = 0;
  size_t next = 0;
  for (uint64_t bound : metrics_bucket_bounds_us()) {
    for (size_t last = LatencyBuckets::index(bound); next <= last && next < h.size(); ++next) {
      below += h[next];
    }
    page.sample(std::string(name) + "_bucket", prefix + label("le", seconds_text(bound)), below);
  }
  // The count and sum come from the histogram too, so that they agree with
  // its buckets: each value is its bucket's middle (exact below 64 µs, within
  // 1.6 % above).
  uint64_t count = 0, sum_us = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    count += h[i];
    sum_us += h[i] * (LatencyBuckets::lower(i) +
                      (LatencyBuckets::upper(i) - LatencyBuckets::lower(i)) / 2);
  }
  if (h.empty()) { // a snapshot without histograms: the moments only
    count = s.count;
    sum_us = s.sum_ms * 1000;
  }
  page.sample(std::string(name) + "_bucket", prefix + "le=\"+Inf\"", count);
  page.sample(std::string(name) + "_sum", labels, seconds_text(sum_us));
  page.sample(std::string(name) + "_count", labels, count);
}

void durations(Page &page, const MetricsInput &in) {
  const ir::Scenario &sc = *in.scenario;
  const StatsSnapshot &s = in.totals->stats;
  page.family("gossipper_response_time_seconds", "histogram",
              "Response times, by the scenario's rtd name (B-RTD to E-RTD).");
  for (size_t i = 0; i < sc.rtds.size() && i < s.rtd.size(); ++i) {
    histogram(page, "gossipper_response_time_seconds", label("rtd", sc.rtds[i].name), s.rtd[i]);
  }
  page.family("gossipper_call_length_seconds", "histogram", "The length of the calls that ended.");
  histogram(page, "gossipper_call_length_seconds", {}, s.call_length);
}

void scenario_counters(Page &page, const MetricsInput &in) {
  const ir::Scenario &sc = *in.scenario;
  const StatsSnapshot &s = in.totals->stats;
  if (sc.counters.empty()) {
    return;
  }
  page.family("gossipper_scenario_counts_total", "counter",
              "The scenario's own counters (counter= of its elements).");
  for (size_t i = 0; i < sc.counters.size() && i < s.user_counters.size(); ++i) {
    page.sample("gossipper_scenario_counts_total", label("counter", sc.counters[i]),
                s.user_counters[i]);
  }
}

/// The media counts, named as in the summary; none before the run has any.
void media(Page &page, const MediaSummary &m) {
  bool any = false;
  for (uint64_t v : m.values) {
    any = any || v != 0;
  }
  if (!any) {
    return;
  }
  for (size_t f = 0; f < MediaSummary::Count; ++f) {
    std::string_view name = media_count_name(static_cast<MediaSummary::Field>(f));
    if (!name.empty()) {
      std::string metric = "gossipper_media_" + std::string(name) + "_total";
      page.single(metric, "counter",
                  "The summary's media." + std::string(name) + " (docs/media.md).", m.values[f]);
    }
  }
}

} // namespace

const std::vector<uint64_t> &metrics_bucket_bounds_us() {
  static const std::vector<uint64_t> bounds = [] {
    std::vector<uint64_t> out;
    for (uint64_t near :
         {100ULL,        250ULL,        500ULL,        1'000ULL,       2'500ULL,
          5'000ULL,      10'000ULL,     25'000ULL,     50'000ULL,      100'000ULL,
          250'000ULL,    500'000ULL,    1'000'000ULL,  2'500'000ULL,   5'000'000ULL,
          10'000'000ULL, 30'000'000ULL, 60'000'000ULL, 300'000'000ULL, 1'800'000'000ULL}) {
      // The top of the bucket that holds it: every value at or under it,
      // and none above, is in the buckets up to that one.
      out.push_back(LatencyBuckets::upper(LatencyBuckets::index(near)));
    }
    return out;
  }();
  return bounds;
}

std::string metrics_label_value(std::string_view text) {
  std::string out;
  for (char c : stdlib::valid_utf8(text)) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string metrics_text(const MetricsInput &in) {
  Page page(in.scenario_name);
  const StatsSnapshot &s = in.totals->stats;
  run_state(page, in);
  calls(page, s);
  other_counters(page, s);
  messages(page, in);
  durations(page, in);
  scenario_counters(page, in);
  media(page, s.media);
  return page.take();
}

} // namespace gossipper::runtime::api
