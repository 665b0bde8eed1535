//===- stats_document.cpp - A run's snapshot as the API's JSON ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/stats_document.hpp"
#include "gossipper/stdlib/utf8_text.hpp"

#include "stats/latency_histogram.hpp"

#include <string>
#include <variant>

namespace gossipper::runtime::api {

std::string_view quit_level_name(QuitLevel level) {
  switch (level) {
  case QuitLevel::Running: return "running";
  case QuitLevel::Soft: return "ending";
  case QuitLevel::Graceful: return "stopping";
  case QuitLevel::Aborting: return "aborting";
  }
  return "running";
}

boost::json::object status_json(const RunStatus &s) {
  boost::json::object o;
  o["rate"] = s.rate;
  o["rate_period_ms"] = s.rate_period_ms;
  o["call_limit"] = s.call_limit;
  o["users"] = s.users;
  o["paused"] = s.paused;
  o["server"] = s.server;
  o["quitting"] = quit_level_name(s.quitting);
  o["elapsed_ms"] = s.elapsed_ms;
  o["since_reset_ms"] = s.since_reset_ms;
  // The overload controller (docs/overload.md).
  boost::json::object sat;
  sat["saturated"] = !s.saturation.empty();
  sat["reason"] = s.saturation;
  sat["overload_control"] = s.overload_control;
  if (!s.server && s.users < 0) {
    sat["offered_rate"] = s.offered_rate;
  }
  sat["saturated_ms"] = s.saturated_ms;
  sat["cuts"] = s.overload_cuts;
  o["saturation"] = std::move(sat);
  return o;
}

ElementDescription describe_element(const ir::Scenario &scenario, const ir::State &st) {
  if (const auto *send = std::get_if<ir::SendState>(&st.body)) {
    return {"send", send->is_response ? std::to_string(send->code) : send->method};
  }
  if (const auto *recv = std::get_if<ir::RecvState>(&st.body)) {
    return {"recv",
            !recv->request.empty()
                ? recv->request
                : (recv->response ? std::to_string(*recv->response) : recv->response_text),
            recv->optional != ir::Optional::No};
  }
  if (const auto *pause = std::get_if<ir::PauseState>(&st.body)) {
    std::string what = "Pause";
    if (pause->variable != ir::kNoVar) {
      what += " $" + scenario.variables[pause->variable].name;
    } else if (pause->distribution.kind == ir::Distribution::Kind::Fixed) {
      what += " " + std::to_string(static_cast<uint64_t>(pause->distribution.params[0])) + " ms";
    }
    return {"pause", what};
  }
  if (std::holds_alternative<ir::NopState>(st.body)) {
    return {"nop", st.display.empty() ? std::string("NOP") : st.display};
  }
  if (std::holds_alternative<ir::RecvCmdState>(st.body)) {
    return {"recvCmd", "Received Command"};
  }
  return {"sendCmd", "Sent Command"};
}

boost::json::array message_table(const ir::Scenario &scenario, const StatsSnapshot &stats) {
  boost::json::array rows;
  for (size_t i = 0; i < scenario.states.size() && i < stats.states.size(); ++i) {
    const ir::State &st = scenario.states[i];
    const StatsSnapshot::State &c = stats.states[i];
    boost::json::object row;
    row["index"] = i;
    ElementDescription d = describe_element(scenario, st);
    row["kind"] = d.kind;
    row["label"] = stdlib::valid_utf8(d.label); // the scenario's text
    if (d.kind == "recv") {
      row["optional"] = d.optional;
    }
    row["sent"] = c.sent;
    row["received"] = c.recv;
    row["retransmissions"] = c.sent_retrans + c.recv_retrans;
    row["timeouts"] = c.timeouts;
    row["unexpected"] = c.unexpected;
    row["lost"] = c.lost;
    row["sessions"] = c.sessions;
    row["hide"] = st.hide;
    if (st.start_rtd != 0) {
      row["rtd"] = "B-RTD" + std::to_string(st.start_rtd);
    } else if (st.stop_rtd != 0) {
      row["rtd"] = "E-RTD" + std::to_string(st.stop_rtd);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

boost::json::object series_json(std::string_view name, const StatsSnapshot::SeriesSum &s) {
  boost::json::object o;
  o["name"] = stdlib::valid_utf8(name);
  o["count"] = s.count;
  o["mean_ms"] = s.count == 0 ? 0.0 : static_cast<double>(s.sum_ms) / static_cast<double>(s.count);
  o["min_ms"] = static_cast<double>(s.min_us) / 1000.0;
  o["max_ms"] = static_cast<double>(s.max_us) / 1000.0;
  if (!s.histogram.empty() && s.count != 0) {
    for (auto [key, p] : {std::pair{"p50_ms", 50.0}, {"p90_ms", 90.0}, {"p99_ms", 99.0}}) {
      o[key] = static_cast<double>(LatencyBuckets::percentile(s.histogram, p, s.min_us, s.max_us)) /
               1000.0;
    }
  }
  return o;
}

boost::json::object stats_json(std::string_view scenario_name, const ir::Scenario &scenario,
                               const RunSnapshot &snapshot, const CallRates &rates) {
  const StatsSnapshot &s = snapshot.stats;
  boost::json::object o;
  o["schema"] = "gossipper_stats_v1";
  o["scenario"] = stdlib::valid_utf8(scenario_name);
  o["scenario_version"] = s.scenario_version;
  o["elapsed_ms"] = snapshot.status.elapsed_ms;
  o["since_reset_ms"] = snapshot.status.since_reset_ms;
  o["status"] = status_json(snapshot.status);
  boost::json::object calls;
  calls["created"] = s.created();
  calls["successful"] = s.get(Counter::SuccessfulCall);
  calls["failed"] = s.get(Counter::FailedCall);
  calls["open"] = s.open_calls;
  calls["peak"] = s.peak_calls;
  calls["rate_cps"] = rates.created;
  calls["successful_rate_cps"] = rates.successful;
  calls["failed_rate_cps"] = rates.failed;
  o["calls"] = std::move(calls);
  boost::json::object counters;
  for (size_t i = 0; i < s.counters.size() && i < static_cast<size_t>(Counter::Count); ++i) {
    counters[counter_name(static_cast<Counter>(i))] = s.counters[i];
  }
  o["counters"] = std::move(counters);
  o["messages"] = message_table(scenario, s);
  boost::json::array rtds;
  for (size_t i = 0; i < s.rtd.size() && i < scenario.rtds.size(); ++i) {
    rtds.push_back(series_json(scenario.rtds[i].name, s.rtd[i]));
  }
  o["response_times"] = std::move(rtds);
  o["call_length"] = series_json("call_length", s.call_length);
  boost::json::object media;
  for (size_t f = 0; f < MediaSummary::Count; ++f) {
    std::string_view name = media_count_name(static_cast<MediaSummary::Field>(f));
    if (!name.empty()) {
      media[name] = s.media.values[f];
    }
  }
  o["media"] = std::move(media);
  return o;
}

} // namespace gossipper::runtime::api
