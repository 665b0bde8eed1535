//===- run_history.cpp - The run's totals sampled over time ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/run_history.hpp"

#include <utility>

namespace gossipper::runtime {

void RunHistory::sample(uint64_t t_ms, const StatsSnapshot &s) {
  if (!points_.empty() && t_ms < points_.back().t_ms + period_ms_) {
    return;
  }
  points_.push_back({t_ms, s.created(), s.get(Counter::SuccessfulCall), s.get(Counter::FailedCall),
                     media_.take(s.media)});
  if (points_.size() >= kMaxPoints) {
    // Twice the period, half the points: a day-long run stays small.
    std::vector<Point> kept;
    kept.reserve(points_.size() / 2 + 1);
    for (size_t i = 0; i < points_.size(); i += 2) {
      kept.push_back(points_[i]);
      if (i > 0) {
        kept.back().media.take_in(points_[i - 1].media);
      }
    }
    if (points_.size() % 2 == 0) {
      media_.carry(points_.back().media); // the newest point goes
    }
    points_ = std::move(kept);
    period_ms_ *= 2;
  }
}

} // namespace gossipper::runtime
