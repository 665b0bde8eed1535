//===- live_history.hpp - The run's series for the panel's charts -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Kept server-side for the whole run, so that a page reloaded (or opened
// late) draws the run from its start: a point per -api_live_interval with
// the calls, their rates over that interval, and the percentiles of the
// first response time (else the call length) of that interval alone, from
// the difference of two cumulative histograms. Bounded: at kMaxPoints every
// other point goes and only every second sample is kept from then on.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "api/stats_document.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace gossipper::runtime::api {

class LiveHistory {
public:
  static constexpr size_t kMaxPoints = 3600;
  struct Point {
    uint64_t t_ms = 0;
    uint64_t created = 0, successful = 0, failed = 0, open = 0;
    CallRates rates;
    std::optional<double> p50_ms, p90_ms, p99_ms;
  };

  explicit LiveHistory(uint32_t interval_ms) : interval_ms_(interval_ms) {}

  /// The point `s` makes against the previous sample; kept when due.
  const Point &sample(const RunSnapshot &s);
  /// The rates of the last sample.
  [[nodiscard]] const CallRates &rates() const { return last_.rates; }
  [[nodiscard]] uint64_t peak() const { return peak_; }
  [[nodiscard]] const std::vector<Point> &points() const { return points_; }
  /// The interval between kept points.
  [[nodiscard]] uint64_t interval_ms() const {
    return static_cast<uint64_t>(interval_ms_) * stride_;
  }

  [[nodiscard]] static boost::json::object point_json(const Point &p);
  [[nodiscard]] boost::json::object to_json() const;

private:
  uint32_t interval_ms_;
  uint64_t stride_ = 1; ///< keep one sample in stride_
  uint64_t samples_ = 0;
  uint64_t peak_ = 0;
  Point last_;
  bool have_last_ = false;
  std::vector<uint64_t> last_histogram_;
  std::vector<Point> points_;
};

} // namespace gossipper::runtime::api
