//===- live_history.cpp - The run's series for the panel's charts ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/live_history.hpp"

#include "stats/latency_histogram.hpp"

#include <algorithm>
#include <limits>

namespace gossipper::runtime::api {
namespace {

/// What a cumulative count grew by; a "reset stats" restarts it from 0.
uint64_t growth(uint64_t now, uint64_t before) { return now >= before ? now - before : now; }

const StatsSnapshot::SeriesSum &charted_series(const StatsSnapshot &s) {
  return s.rtd.empty() ? s.call_length : s.rtd.front();
}

} // namespace

const LiveHistory::Point &LiveHistory::sample(const RunSnapshot &s) {
  Point p;
  p.t_ms = s.status.elapsed_ms;
  p.created = s.stats.created();
  p.successful = s.stats.get(Counter::SuccessfulCall);
  p.failed = s.stats.get(Counter::FailedCall);
  p.open = s.stats.open_calls;
  peak_ = std::max(peak_, p.open);
  const std::vector<uint64_t> &histogram = charted_series(s.stats).histogram;
  if (have_last_ && p.t_ms > last_.t_ms) {
    double seconds = static_cast<double>(p.t_ms - last_.t_ms) / 1000.0;
    p.rates.created = static_cast<double>(growth(p.created, last_.created)) / seconds;
    p.rates.successful = static_cast<double>(growth(p.successful, last_.successful)) / seconds;
    p.rates.failed = static_cast<double>(growth(p.failed, last_.failed)) / seconds;
  } else if (have_last_) {
    p.rates = last_.rates;
  }
  if (!histogram.empty()) {
    std::vector<uint64_t> interval = histogram;
    uint64_t count = 0;
    for (size_t i = 0; i < interval.size(); ++i) {
      uint64_t before = i < last_histogram_.size() ? last_histogram_[i] : 0;
      interval[i] = growth(interval[i], before);
      count += interval[i];
    }
    if (count != 0) {
      uint64_t top = std::numeric_limits<uint64_t>::max();
      auto at = [&](double q) {
        return static_cast<double>(LatencyBuckets::percentile(interval, q, 0, top)) / 1000.0;
      };
      p.p50_ms = at(50);
      p.p90_ms = at(90);
      p.p99_ms = at(99);
    }
    last_histogram_ = histogram;
  }
  last_ = p;
  have_last_ = true;
  if (samples_++ % stride_ == 0) {
    if (points_.size() >= kMaxPoints) {
      size_t kept = 0;
      for (size_t i = 0; i < points_.size(); i += 2) {
        points_[kept++] = points_[i];
      }
      points_.resize(kept);
      stride_ *= 2;
    }
    points_.push_back(p);
  }
  return last_;
}

boost::json::object LiveHistory::point_json(const Point &p) {
  boost::json::object o;
  o["t_ms"] = p.t_ms;
  o["created"] = p.created;
  o["successful"] = p.successful;
  o["failed"] = p.failed;
  o["open"] = p.open;
  o["rate_cps"] = p.rates.created;
  o["successful_rate_cps"] = p.rates.successful;
  o["failed_rate_cps"] = p.rates.failed;
  auto optional = [](const std::optional<double> &v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  o["p50_ms"] = optional(p.p50_ms);
  o["p90_ms"] = optional(p.p90_ms);
  o["p99_ms"] = optional(p.p99_ms);
  return o;
}

boost::json::object LiveHistory::to_json() const {
  boost::json::object o;
  o["interval_ms"] = interval_ms();
  boost::json::array points;
  points.reserve(points_.size());
  for (const Point &p : points_) {
    points.push_back(point_json(p));
  }
  o["points"] = std::move(points);
  return o;
}

} // namespace gossipper::runtime::api
