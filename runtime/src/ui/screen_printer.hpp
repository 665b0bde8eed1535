//===- screen_printer.hpp - SIPp's screens ---------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The scenario, statistics and repartition screens, laid out as SIPp 3.6.1
// lays them out (users' eyes and screen-scraping scripts know them), drawn
// live on a terminal and printed once at exit; and our media screen (key 0),
// drawn live only.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/runtime/run_control.hpp"
#include "gossipper/runtime/stats_snapshot.hpp"

#include <string>
#include <vector>

namespace gossipper::runtime {

class ScreenPrinter {
public:
  ScreenPrinter(const RunConfig &cfg, const ir::Scenario &scenario);

  struct Frame {
    const StatsSnapshot *now = nullptr;
    const StatsSnapshot *period_start = nullptr; ///< counters at the last periodic reset
    uint64_t clock_ms = 0;                       ///< since start
    uint64_t period_ms = 0;                      ///< since the last periodic reset
    uint64_t start_wall_us = 0, reset_wall_us = 0, now_wall_us = 0;
    uint16_t local_port = 0;
    double rate = 0;
    uint64_t call_limit = 0;
    int64_t users = -1; ///< -users mode: the current number; -1 in rate mode
    QuitLevel quitting = QuitLevel::Running;
    bool paused = false;
    /// The overload controller: why the run is saturated (empty: it is
    /// not), and the rate offered (below `rate` while it holds).
    std::string saturation;
    double offered_rate = 0;
    bool closing = false;
    bool hide = true; ///< false ("set hide false"): rows marked hide= are shown
    std::string last_error;
  };

  [[nodiscard]] std::vector<std::string> scenario_screen(const Frame &f) const;
  [[nodiscard]] std::vector<std::string> stats_screen(const Frame &f) const;
  [[nodiscard]] std::vector<std::string> repartition_screen(const Frame &f, size_t rtd) const;
  /// Ours, on key '0' (media_screen.cpp): the run's RTP, RTCP and media
  /// quality, periodic and cumulative.
  [[nodiscard]] std::vector<std::string> media_screen(const Frame &f) const;
  /// The screen for key '1'..'9' (and our '0') with its title and footer.
  /// Closing, '0' gives the scenario screen: the final screens are SIPp's.
  [[nodiscard]] std::string render(char key, const Frame &f) const;

private:
  [[nodiscard]] std::string footer(const Frame &f) const;
  /// The scenario screen's lines above its table: rate, port, totals.
  [[nodiscard]] std::vector<std::string> scenario_header(const Frame &f) const;
  /// Ours, in a sharded run: "Shard I/N" and this process's part of the load.
  [[nodiscard]] std::string shard_line(const Frame &f) const;
  /// One element's row of the scenario screen; `lose`: with a Lost column.
  [[nodiscard]] std::string element_row(const ir::State &st, const StatsSnapshot::State &c,
                                        bool lose) const;

  const RunConfig &cfg_;
  const ir::Scenario &s_;
};

/// SIPp's time_string: "0ms", "4000ms", "15.0s", "1:30", "1:02:03".
[[nodiscard]] std::string sipp_time_string(double ms);

} // namespace gossipper::runtime
