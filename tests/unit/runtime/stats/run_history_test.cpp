// The run's totals over time: a point per period of the run loop's samples,
// the calls' and the media's together, and, at kMaxPoints, every other point
// kept (its interval's MOS going to the next) and the period doubled.
#include "stats/run_history.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

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

/// Calls and media: `sent` RTP packets, and a stream measured at each MOS
/// bucket of `mos` (hundredths above 1.00), cumulative.
StatsSnapshot with_media(uint64_t sent, const std::vector<size_t> &mos) {
  StatsSnapshot s = calls(sent, 0, 0);
  s.media.values[MediaSummary::RtpSent] = sent;
  s.media.mos.assign(MediaSummary::kMosBuckets, 0);
  for (size_t b : mos) {
    ++s.media.mos[b];
  }
  return s;
}

TEST(RunHistory, TheMediaIsSampledAtTheSameInstants) {
  RunHistory h;
  h.sample(100, with_media(5, {}));
  h.sample(600, with_media(50, {300})); // within the period: not a point
  h.sample(1100, with_media(55, {300}));
  h.sample(2100, with_media(105, {300}));
  ASSERT_EQ(h.points().size(), 3U);
  EXPECT_EQ(h.points()[1].t_ms, 1100U);
  EXPECT_EQ(h.points()[1].media.rtp_sent, 55U);
  EXPECT_EQ(h.points()[1].created, 55U);
  // The stream measured between the first two points is in the second's
  // interval, though the sample that first saw it was not kept.
  EXPECT_FALSE(h.points()[0].media.min_mos);
  EXPECT_DOUBLE_EQ(h.points()[1].media.min_mos.value_or(0), 4.00);
  EXPECT_FALSE(h.points()[2].media.min_mos);
}

TEST(RunHistory, HalvingKeepsTheMosOfEveryInterval) {
  RunHistory h;
  std::vector<size_t> mos;
  for (uint64_t i = 0; i < RunHistory::kMaxPoints; ++i) {
    // A stream scoring 2.00 at point 3 (dropped) and at the newest point
    // (dropped too), 3.00 at point 4 (kept).
    if (i == 3 || i == RunHistory::kMaxPoints - 1) {
      mos.push_back(100);
    } else if (i == 4) {
      mos.push_back(200);
    }
    h.sample(i * 1000, with_media(i, mos));
  }
  ASSERT_EQ(h.points().size(), RunHistory::kMaxPoints / 2);
  const RunHistory::Point &at4 = h.points()[2];
  EXPECT_EQ(at4.t_ms, 4000U);
  EXPECT_EQ(at4.media.rtp_sent, 4U);
  EXPECT_DOUBLE_EQ(at4.media.min_mos.value_or(0), 2.00); // point 3's, joined
  EXPECT_FALSE(h.points()[1].media.min_mos);
  EXPECT_FALSE(h.points().back().media.min_mos);
  // The newest point went: its stream is in the next point's interval.
  uint64_t t = h.points().back().t_ms + h.period_ms();
  h.sample(t, with_media(RunHistory::kMaxPoints, mos));
  EXPECT_EQ(h.points().back().t_ms, t);
  EXPECT_DOUBLE_EQ(h.points().back().media.min_mos.value_or(0), 2.00);
}

TEST(RunHistory, TheEndHasTheStreamsMeasuredAfterTheLastPoint) {
  RunHistory h;
  h.sample(100, with_media(5, {300}));
  StatsSnapshot end = with_media(9, {300, 250});
  MediaPoint at_end = h.media_at_end(end.media);
  EXPECT_EQ(at_end.rtp_sent, 9U);
  EXPECT_DOUBLE_EQ(at_end.min_mos.value_or(0), 3.50);
  EXPECT_FALSE(h.media_at_end(with_media(9, {300}).media).min_mos);
}

} // namespace
} // namespace gossipper::runtime
