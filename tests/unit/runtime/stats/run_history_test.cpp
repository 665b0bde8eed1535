// The run's totals over time: a point per period of the run loop's samples,
// and, at kMaxPoints, every other point kept and the period doubled.
#include "stats/run_history.hpp"

#include <gtest/gtest.h>

#include <cstddef>

namespace gossipper::runtime {
namespace {

StatsSnapshot calls(uint64_t outgoing, uint64_t successful, uint64_t failed) {
  StatsSnapshot s;
  s.counters.assign(static_cast<size_t>(Counter::Count), 0);
  s.counters[static_cast<size_t>(Counter::OutgoingCall)] = outgoing;
  s.counters[static_cast<size_t>(Counter::SuccessfulCall)] = successful;
  s.counters[static_cast<size_t>(Counter::FailedCall)] = failed;
  return s;
}

TEST(RunHistory, ThePointOfEachPeriodWithItsTotals) {
  RunHistory h;
  // The run loop wakes about every 100 ms: one point per second is kept.
  for (uint64_t t = 0; t <= 2500; t += 100) {
    h.sample(t, calls(t / 100, t / 200, t / 1000));
  }
  ASSERT_EQ(h.points().size(), 3U);
  EXPECT_EQ(h.period_ms(), 1000U);
  const RunHistory::Point &p = h.points()[2];
  EXPECT_EQ(p.t_ms, 2000U);
  EXPECT_EQ(p.created, 20U);
  EXPECT_EQ(p.successful, 10U);
  EXPECT_EQ(p.failed, 2U);
  EXPECT_EQ(h.points()[1].t_ms, 1000U);
}

TEST(RunHistory, AFullHistoryKeepsEveryOtherPointAndDoublesItsPeriod) {
  RunHistory h;
  for (uint64_t i = 0; i < RunHistory::kMaxPoints; ++i) {
    h.sample(i * 1000, calls(i, 0, 0));
  }
  ASSERT_EQ(h.points().size(), RunHistory::kMaxPoints / 2);
  EXPECT_EQ(h.period_ms(), 2000U);
  EXPECT_EQ(h.points()[1].t_ms, 2000U);
  EXPECT_EQ(h.points()[1].created, 2U);
  uint64_t last = h.points().back().t_ms;
  EXPECT_EQ(last, (RunHistory::kMaxPoints - 2) * 1000);
  h.sample(last + 1000, calls(1, 0, 0)); // within the new period: not kept
  EXPECT_EQ(h.points().size(), RunHistory::kMaxPoints / 2);
  h.sample(last + 2000, calls(1, 0, 0));
  EXPECT_EQ(h.points().size(), RunHistory::kMaxPoints / 2 + 1);
}

} // namespace
} // namespace gossipper::runtime
