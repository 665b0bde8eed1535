//===- report_over_time.hpp - The report's lines over time -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A summary's series over time (rate_over_time, media_over_time) are samples
// of cumulative figures. Each interval between two samples is drawn flat
// across it, at its rate or at the value its end sample has: the points of a
// line chart's series (report_charts.hpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace gossipper::tools::report {

/// One sample: when (ms since the run's start), and its figures, absent where
/// the summary has none.
struct Sample {
  double t_ms = 0;
  std::vector<std::optional<double>> values;
};

/// What an interval is drawn at, from its first and last sample and its
/// length; absent: the line breaks there.
using IntervalValue =
    std::function<std::optional<double>(const Sample &from, const Sample &to, double seconds)>;

/// Two points per interval, [[from_s, v], [to_s, v]], and a null where the
/// line breaks (never first or last). A sample not after the one before is
/// skipped: the next interval starts from the one before it. A value that is
/// not finite is absent.
[[nodiscard]] boost::json::array flat_line(const std::vector<Sample> &samples,
                                           const IntervalValue &value);

/// Figure `k` per second over each interval (a figure only grows: a fall
/// counts as none).
[[nodiscard]] boost::json::array rate_line(const std::vector<Sample> &samples, size_t k);

/// Figure `k` as the interval's last sample has it.
[[nodiscard]] boost::json::array end_value_line(const std::vector<Sample> &samples, size_t k);

} // namespace gossipper::tools::report
