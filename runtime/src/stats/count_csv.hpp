//===- count_csv.hpp - SIPp's -trace_counts file ------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <scenario>_<pid>_counts.csv: the scenario screen's per-element counters
// as CSV, with SIPp's columns (<index>_<METHOD|code>_Sent;_Retrans;
// [_Timeout]...), a row at start, every -fd and at the end.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/stats_snapshot.hpp"
#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>

namespace gossipper::runtime {

class CountCsv {
public:
  /// `lost_columns`: SIPp adds _Lost columns when messages can be lost (-lost
  /// or a lost= attribute).
  Expected<void> open(const std::string &path, const ir::Scenario &s, std::string delimiter,
                      bool lost_columns);
  [[nodiscard]] bool is_open() const { return file_.is_open(); }
  void row(const StatsSnapshot &now, uint64_t start_us, uint64_t now_us);

  [[nodiscard]] static std::string header(const ir::Scenario &s, const std::string &delimiter,
                                          bool lost_columns);

private:
  TraceLog file_;
  const ir::Scenario *scenario_ = nullptr;
  std::string delimiter_;
  bool lost_columns_ = false;
};

} // namespace gossipper::runtime
