//===- run_report.hpp - What a run leaves for machines ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// At the end of a run, however it ends: the health gates judged on the
// totals, -summary_json and -junit written, and the exit code they make (a
// broken gate is 2, over SIPp's 0 and 1).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "stats/run_summary.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace gossipper::runtime {

/// Writes the reports the options ask for; returns the run's exit code,
/// `code` unless a health gate is broken. Write errors go to `warn`.
int write_run_reports(SummaryInput in, int code,
                      const std::function<void(const std::string &)> &warn);

} // namespace gossipper::runtime
