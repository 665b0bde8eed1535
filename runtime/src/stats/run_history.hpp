//===- run_history.hpp - The run's totals sampled over time -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the summary's series over time are made of: the run's cumulative
// call totals and its media (MediaPoint), sampled together by the run loop
// every period (a second at first). It stays bounded: at kMaxPoints points,
// every other point goes (its interval joins the next point's) and the
// period doubles, so a day-long run keeps at most kMaxPoints.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/stats_snapshot.hpp"
#include "stats/media_history.hpp"

#include <cstdint>
#include <vector>

namespace gossipper::runtime {

class RunHistory {
public:
  static constexpr size_t kMaxPoints = 2048;
  struct Point {
    uint64_t t_ms = 0; ///< since the start
    uint64_t created = 0, successful = 0, failed = 0;
    MediaPoint media;
  };
  /// Records the totals at `t_ms` if a sampling period has passed.
  void sample(uint64_t t_ms, const StatsSnapshot &s);
  [[nodiscard]] const std::vector<Point> &points() const { return points_; }
  [[nodiscard]] uint64_t period_ms() const { return period_ms_; }
  /// The media at the run's end, after the last point: its MOS is that of
  /// the streams measured since.
  [[nodiscard]] MediaPoint media_at_end(const MediaSummary &m) const { return media_.peek(m); }

private:
  std::vector<Point> points_;
  MediaSampler media_;
  uint64_t period_ms_ = 1000;
};

} // namespace gossipper::runtime
