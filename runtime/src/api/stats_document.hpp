//===- stats_document.hpp - A run's snapshot as the API's JSON --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// GET /api/v1/stats and every /live frame (schema gossipper_stats_v1,
// docs/api.md): the run's settings, its calls and their rates, SIPp's
// counters by their statistics-CSV names, the scenario's message table as
// SIPp's scenario screen has it, every response time and the call length
// with percentiles, and the media counts named as in the summary.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_control.hpp"

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace gossipper::runtime::api {

/// Calls per second over the last sampling interval.
struct CallRates {
  double created = 0, successful = 0, failed = 0;
};

[[nodiscard]] std::string_view quit_level_name(QuitLevel level);

/// What a scenario element is (`kind`: send, recv, pause, nop, sendCmd,
/// recvCmd) and what SIPp's scenario screen shows of it (`label`: the
/// method, the response code, "Pause 10 ms"...): the /stats rows and the
/// Prometheus labels say the same.
struct ElementDescription {
  std::string_view kind;
  std::string label;
  bool optional = false; ///< a recv: optional="true" or "global"
};
[[nodiscard]] ElementDescription describe_element(const ir::Scenario &scenario,
                                                  const ir::State &st);
[[nodiscard]] boost::json::object status_json(const RunStatus &s);
/// One row per scenario element: what it is, and SIPp's screen counts.
[[nodiscard]] boost::json::array message_table(const ir::Scenario &scenario,
                                               const StatsSnapshot &stats);
/// A response time or the call length: count, mean, extremes, and
/// p50/p90/p99 when the snapshot has histograms.
[[nodiscard]] boost::json::object series_json(std::string_view name,
                                              const StatsSnapshot::SeriesSum &s);
[[nodiscard]] boost::json::object stats_json(std::string_view scenario_name,
                                             const ir::Scenario &scenario,
                                             const RunSnapshot &snapshot, const CallRates &rates);

} // namespace gossipper::runtime::api
