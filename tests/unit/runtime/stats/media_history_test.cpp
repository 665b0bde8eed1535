// The media of one sample: counts so far, the largest jitter so far, and the
// lowest MOS of the streams measured since the point before (none: absent).
#include "stats/media_history.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

namespace gossipper::runtime {
namespace {

using M = MediaSummary;

/// Media whose measured streams scored these MOS hundredths above 1.00.
M media(uint64_t sent, uint64_t received, std::initializer_list<size_t> mos_buckets) {
  M m;
  m.values[M::RtpSent] = sent;
  m.values[M::RtpReceived] = received;
  m.mos.assign(M::kMosBuckets, 0);
  for (size_t b : mos_buckets) {
    ++m.mos[b];
    ++m.values[M::StreamsMeasured];
  }
  return m;
}

TEST(MediaSampler, APointHoldsTheCountsSoFar) {
  M m = media(500, 490, {341});
  m.values[M::Echoed] = 7;
  m.values[M::PacketsExpected] = 400;
  m.values[M::PacketsLost] = 10;
  m.values[M::MaxJitterUs] = 1250;
  m.values[M::RtcpSent] = 99; // not a figure of the series
  MediaSampler sampler;
  MediaPoint p = sampler.take(m);
  EXPECT_EQ(p.rtp_sent, 500U);
  EXPECT_EQ(p.rtp_received, 490U);
  EXPECT_EQ(p.echoed, 7U);
  EXPECT_EQ(p.streams_measured, 1U);
  EXPECT_EQ(p.packets_expected, 400U);
  EXPECT_EQ(p.packets_lost, 10U);
  EXPECT_EQ(p.max_jitter_us, 1250U);
  ASSERT_TRUE(p.min_mos);
  EXPECT_DOUBLE_EQ(*p.min_mos, 4.41);
}

TEST(MediaSampler, EachIntervalHasTheLowestMosOfItsOwnStreams) {
  MediaSampler sampler;
  // A poor stream first (MOS 2.50), then good ones (4.41, 4.00).
  EXPECT_DOUBLE_EQ(sampler.take(media(10, 10, {150})).min_mos.value_or(0), 2.50);
  MediaPoint second = sampler.take(media(20, 20, {150, 341, 300}));
  ASSERT_TRUE(second.min_mos);
  EXPECT_DOUBLE_EQ(*second.min_mos, 4.00); // not the earlier 2.50
  // No stream ended: no MOS, though the run has some.
  MediaPoint third = sampler.take(media(30, 30, {150, 341, 300}));
  EXPECT_FALSE(third.min_mos);
  EXPECT_EQ(third.rtp_sent, 30U);
}

TEST(MediaSampler, NoStreamMeasuredHasNoMos) {
  MediaSampler sampler;
  EXPECT_FALSE(sampler.take(media(10, 0, {})).min_mos);
  M no_distribution; // a snapshot without MOS buckets at all
  EXPECT_FALSE(sampler.take(no_distribution).min_mos);
}

TEST(MediaSampler, PeekDoesNotStartAnInterval) {
  MediaSampler sampler;
  sampler.take(media(10, 10, {341}));
  M end = media(20, 20, {341, 200});
  EXPECT_DOUBLE_EQ(sampler.peek(end).min_mos.value_or(0), 3.00);
  EXPECT_DOUBLE_EQ(sampler.peek(end).min_mos.value_or(0), 3.00);
  EXPECT_DOUBLE_EQ(sampler.take(end).min_mos.value_or(0), 3.00);
  EXPECT_FALSE(sampler.peek(end).min_mos);
}

TEST(MediaSampler, ACarriedPointsMosJoinsTheNextPointOnly) {
  MediaSampler sampler;
  MediaPoint dropped = sampler.take(media(10, 10, {120})); // 2.20
  sampler.carry(dropped);
  MediaPoint next = sampler.take(media(20, 20, {120, 341}));
  EXPECT_DOUBLE_EQ(next.min_mos.value_or(0), 2.20);
  EXPECT_EQ(next.rtp_sent, 20U);
  EXPECT_FALSE(sampler.take(media(30, 30, {120, 341})).min_mos);
}

TEST(MediaPoint, TakingInAnEarlierIntervalKeepsTheLowerMos) {
  MediaPoint later, earlier;
  later.rtp_sent = 20;
  earlier.rtp_sent = 10;
  later.take_in(earlier); // neither has a MOS
  EXPECT_FALSE(later.min_mos);
  earlier.min_mos = 3.5;
  later.take_in(earlier);
  EXPECT_DOUBLE_EQ(later.min_mos.value_or(0), 3.5);
  earlier.min_mos = 4.0;
  later.take_in(earlier);
  EXPECT_DOUBLE_EQ(later.min_mos.value_or(0), 3.5);
  EXPECT_EQ(later.rtp_sent, 20U); // the counts stay the later point's
}

} // namespace
} // namespace gossipper::runtime
