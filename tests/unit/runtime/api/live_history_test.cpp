// The panel's series: rates over each interval, the percentiles of that
// interval alone, a reset that restarts the counts, and the bound.
#include "api/live_history.hpp"
#include "stats/latency_histogram.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime::api {
namespace {

RunSnapshot at(uint64_t t_ms, uint64_t created, uint64_t ok) {
  RunSnapshot s;
  s.status.elapsed_ms = t_ms;
  s.stats.counters.assign(static_cast<size_t>(Counter::Count), 0);
  s.stats.counters[static_cast<size_t>(Counter::OutgoingCall)] = created;
  s.stats.counters[static_cast<size_t>(Counter::SuccessfulCall)] = ok;
  s.stats.call_length.histogram.assign(LatencyBuckets::kCount, 0);
  return s;
}

TEST(LiveHistory, RatesAreOverTheLastInterval) {
  LiveHistory h(500);
  h.sample(at(0, 0, 0));
  const LiveHistory::Point &p = h.sample(at(500, 10, 4));
  EXPECT_DOUBLE_EQ(p.rates.created, 20.0);
  EXPECT_DOUBLE_EQ(p.rates.successful, 8.0);
  EXPECT_DOUBLE_EQ(h.sample(at(1000, 10, 4)).rates.created, 0.0);
  EXPECT_EQ(h.points().size(), 3u);
}

TEST(LiveHistory, PercentilesAreOfTheIntervalAlone) {
  LiveHistory h(500);
  RunSnapshot first = at(500, 100, 100);
  first.stats.call_length.histogram[LatencyBuckets::index(50'000)] = 100; // 50 ms
  EXPECT_NEAR(*h.sample(first).p50_ms, 50.0, 2.0);
  RunSnapshot second = at(1000, 110, 110);
  second.stats.call_length.histogram = first.stats.call_length.histogram;
  second.stats.call_length.histogram[LatencyBuckets::index(2'000)] = 10; // 2 ms, new
  const LiveHistory::Point &p = h.sample(second);
  EXPECT_NEAR(*p.p99_ms, 2.0, 0.1);
  EXPECT_FALSE(h.sample(at(1500, 110, 110)).p50_ms.has_value()) << "nothing new: no percentile";
}

TEST(LiveHistory, AResetRestartsTheCounts) {
  LiveHistory h(1000);
  h.sample(at(1000, 50, 50));
  EXPECT_DOUBLE_EQ(h.sample(at(2000, 3, 3)).rates.created, 3.0);
}

TEST(LiveHistory, StaysBoundedAndKeepsTheWholeRun) {
  LiveHistory h(10);
  for (uint64_t i = 0; i < 3 * LiveHistory::kMaxPoints; ++i) {
    h.sample(at(i * 10, i, i));
  }
  EXPECT_LE(h.points().size(), LiveHistory::kMaxPoints);
  EXPECT_EQ(h.points().front().t_ms, 0u);
  EXPECT_GT(h.points().back().t_ms, 10 * (5 * LiveHistory::kMaxPoints / 2));
  EXPECT_EQ(h.interval_ms(), 40u);
  boost::json::object doc = h.to_json();
  EXPECT_EQ(doc["points"].as_array().size(), h.points().size());
}

} // namespace
} // namespace gossipper::runtime::api
