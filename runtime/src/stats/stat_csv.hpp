//===- stat_csv.hpp - SIPp's -trace_stat file --------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <scenario>_<pid>_.csv (or -stf FILE): SIPp 3.6's header, column for
// column, for the same scenario (its RTDs, counters and repartitions), then
// a row at start, every -fd and at the end. Periodic columns cover the time
// since the previous row; repartitions are cumulative unless -periodic_rtd.
// Rows are written whole and flushed, as SIPp does for `tail -f`.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/stats_snapshot.hpp"
#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>

namespace gossipper::runtime {

class StatCsv {
public:
  /// Creates `path` and writes the header.
  Expected<void> open(const std::string &path, const ir::Scenario &s, std::string delimiter,
                      bool periodic_repartitions);
  [[nodiscard]] bool is_open() const { return file_.is_open(); }

  /// What a row needs besides the statistics.
  struct Clock {
    uint64_t start_us = 0;  ///< wall clock of the start
    uint64_t now_us = 0;    ///< wall clock now
    double target_rate = 0; ///< -r, or -users when given
    bool users = false;     ///< target_rate is a number of users
  };
  /// One row from the totals `now`; the periodic part is since the last row.
  void row(const StatsSnapshot &now, const Clock &clock);

  /// The header line, without its end of line (for tests).
  [[nodiscard]] static std::string header(const ir::Scenario &s, const std::string &delimiter);

  /// SIPp's HH:MM:SS:uuuuuu of milliseconds (times are
  /// sipp_timestamp).
  [[nodiscard]] static std::string hhmmssus(uint64_t ms);

  /// "reset stats" took `delta` off the totals: the previous row's too, so
  /// that the next row's periodic columns stay right.
  void rebase(const StatsSnapshot &delta) { last_.subtract_cumulative(delta); }

private:
  TraceLog file_;
  std::string delimiter_;
  bool periodic_repartitions_ = false;
  StatsSnapshot last_;   ///< totals at the previous row
  uint64_t last_us_ = 0; ///< its wall clock (SIPp's LastResetTime)
  bool first_ = true;
};

} // namespace gossipper::runtime
