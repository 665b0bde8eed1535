//===- receive_quality_test.cpp - What a receiver measures of a stream ----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 3550 Appendix A's bookkeeping on sequences a network produces: loss,
// reordering, duplication, wrap-around, a sender restarting, and jitter
// against the expected values worked out by hand from A.8's recurrence.
//
//===----------------------------------------------------------------------===//
#include "media/receive_quality.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>

namespace gossipper::runtime::media {
namespace {

constexpr uint32_t kRate = 8000;
constexpr uint64_t kStart = 1'000'000'000; // arrival clock, µs

/// Packet `seq` of a 20 ms, 8 kHz stream, arriving on time plus `late_us`.
void feed(ReceiveQuality &q, uint16_t seq, int64_t late_us = 0) {
  auto ts = static_cast<uint32_t>(seq) * 160u;
  q.on_packet(seq, ts, kStart + uint64_t{seq} * 20000 + static_cast<uint64_t>(late_us), kRate);
}

TEST(ReceiveQuality, IsSmall) { EXPECT_LE(sizeof(ReceiveQuality), 96u); }

TEST(ReceiveQuality, ProbationNeedsTwoPacketsInSequence) {
  ReceiveQuality q;
  feed(q, 100);
  EXPECT_EQ(q.received(), 0u);
  EXPECT_EQ(q.expected(), 0);
  feed(q, 105); // out of sequence: probation starts again
  EXPECT_EQ(q.received(), 0u);
  feed(q, 106);
  EXPECT_EQ(q.received(), 1u) << "A.1 counts from the packet that ends probation";
  EXPECT_EQ(q.expected(), 1);
  EXPECT_EQ(q.lost(), 0);
}

TEST(ReceiveQuality, CountsLossAndFractionPerInterval) {
  ReceiveQuality q;
  // Base is 1 after probation; of 2..100, 2, 6, ..., 98 are dropped.
  for (uint16_t seq = 0; seq <= 100; ++seq) {
    if (seq % 4 != 2) {
      feed(q, seq);
    }
  }
  EXPECT_EQ(q.expected(), 100);
  EXPECT_EQ(q.lost(), 25);
  EXPECT_EQ(q.received(), 75u);
  EXPECT_EQ(q.fraction_lost_since_last(), 64) << "25/100 of 256";
  for (uint16_t seq = 101; seq <= 150; ++seq) {
    feed(q, seq);
  }
  EXPECT_EQ(q.fraction_lost_since_last(), 0);
  EXPECT_EQ(q.lost(), 25);
  for (uint16_t seq = 151; seq <= 160; ++seq) {
    if (seq != 155) {
      feed(q, seq);
    }
  }
  EXPECT_EQ(q.fraction_lost_since_last(), 25) << "1/10 of 256, truncated";
}

TEST(ReceiveQuality, SequenceWrapsIntoCycles) {
  ReceiveQuality q;
  for (uint32_t n = 65530; n < 65536 + 10; ++n) {
    feed(q, static_cast<uint16_t>(n));
  }
  EXPECT_EQ(q.extended_highest(), 65536u + 9);
  EXPECT_EQ(q.expected(), 65536 + 9 - 65531 + 1);
  EXPECT_EQ(q.lost(), 0);
}

TEST(ReceiveQuality, ReorderingAndDuplicates) {
  ReceiveQuality q;
  for (int seq : {1, 2, 3, 5, 4, 6, 4, 6, 7}) {
    feed(q, static_cast<uint16_t>(seq));
  }
  EXPECT_EQ(q.out_of_order(), 1u);
  EXPECT_EQ(q.duplicates(), 2u);
  EXPECT_EQ(q.expected(), 6); // 2..7
  // Duplicates count as received, as RFC 3550 §6.4.1 says: loss goes negative.
  EXPECT_EQ(q.received(), 8u);
  EXPECT_EQ(q.lost(), -2);
  EXPECT_EQ(q.report_block(1).fraction_lost, 0);
}

TEST(ReceiveQuality, OneBigJumpIsIgnored) {
  ReceiveQuality q;
  for (uint16_t seq = 10; seq <= 20; ++seq) {
    feed(q, seq);
  }
  feed(q, 40000);
  feed(q, 21);
  EXPECT_EQ(q.received(), 11u);
  EXPECT_EQ(q.lost(), 0);
  EXPECT_EQ(q.extended_highest(), 21u);
}

TEST(ReceiveQuality, TwoSequentialJumpsRestartTheSource) {
  ReceiveQuality q;
  for (uint16_t seq = 10; seq <= 20; ++seq) {
    feed(q, seq);
  }
  feed(q, 30000);
  feed(q, 30001);
  EXPECT_EQ(q.received(), 1u);
  EXPECT_EQ(q.expected(), 1);
  feed(q, 30003);
  EXPECT_EQ(q.lost(), 1);
  EXPECT_EQ(q.extended_highest(), 30003u);
}

TEST(ReceiveQuality, DropoutWithinTheLimitIsLoss) {
  ReceiveQuality q;
  feed(q, 0);
  feed(q, 1);
  feed(q, 2999); // MAX_DROPOUT is 3000: still the same source
  EXPECT_EQ(q.lost(), 2997);
}

TEST(ReceiveQuality, CumulativeLossIsClampedInTheReport) {
  ReceiveQuality q;
  uint32_t n = 0;
  feed(q, 0);
  feed(q, 1);
  // Steps of 2999 lose 2998 packets each, across many wrap-arounds.
  while (q.lost() <= 0x7fffff) {
    n += 2999;
    feed(q, static_cast<uint16_t>(n + 1));
  }
  EXPECT_GT(q.lost(), 0x7fffff);
  EXPECT_EQ(q.report_block(1).cumulative_lost, 0x7fffff);
}

TEST(ReceiveQuality, NoJitterOnARegularStream) {
  ReceiveQuality q;
  for (uint16_t seq = 0; seq < 100; ++seq) {
    feed(q, seq);
  }
  EXPECT_EQ(q.jitter_ts(), 0u);
  EXPECT_EQ(q.jitter_ms(), 0.0);
}

TEST(ReceiveQuality, JitterFollowsA8) {
  ReceiveQuality q;
  // One packet 20 ms late (160 timestamp units at 8 kHz), then on time:
  // |D| is 160 twice. J += (|D| - J) / 16 gives 10, then 10 + 150/16.
  for (uint16_t seq = 0; seq < 10; ++seq) {
    feed(q, seq);
  }
  feed(q, 10, 20000);
  EXPECT_EQ(q.jitter_ts(), 10u);
  EXPECT_NEAR(q.jitter_ms(), 1.25, 1e-9);
  feed(q, 11);
  double expected = 10 + (160 - 10) / 16.0;
  EXPECT_EQ(q.jitter_ts(), static_cast<uint32_t>(expected));
  EXPECT_NEAR(q.jitter_ms(), expected / 8, 0.01);
  EXPECT_NEAR(q.max_jitter_ms(), expected / 8, 0.01);
  // Regular again: jitter decays, its maximum stays.
  for (uint16_t seq = 12; seq < 100; ++seq) {
    feed(q, seq);
  }
  EXPECT_LT(q.jitter_ms(), 0.1);
  EXPECT_NEAR(q.max_jitter_ms(), expected / 8, 0.01);
}

TEST(ReceiveQuality, JitterConvergesToTheSwing) {
  ReceiveQuality q;
  // Arrivals alternately 5 ms early and late: |D| is always 10 ms, which
  // the estimate approaches.
  for (uint16_t seq = 0; seq < 1000; ++seq) {
    feed(q, seq, seq % 2 == 0 ? 5000 : -5000);
  }
  EXPECT_NEAR(q.jitter_ms(), 10.0, 0.2);
  EXPECT_NEAR(q.jitter_ts(), 80u, 1);
}

TEST(ReceiveQuality, ReportBlockWithLastSenderReport) {
  ReceiveQuality q;
  for (uint16_t seq = 0; seq <= 10; ++seq) {
    if (seq != 5) {
      feed(q, seq);
    }
  }
  q.on_sender_report(0x0001234567890000u, 1'000'000);
  ReportBlock b = q.report_block(0x42, 1'500'000);
  EXPECT_EQ(b.ssrc, 0x42u);
  EXPECT_EQ(b.fraction_lost, 25); // 1 of 10, in 1/256
  EXPECT_EQ(b.cumulative_lost, 1);
  EXPECT_EQ(b.highest_seq, 10u);
  EXPECT_EQ(b.lsr, 0x23456789u);
  EXPECT_EQ(b.dlsr, 32768u) << "half a second in 1/65536 s";
  // The interval advanced: nothing new lost.
  EXPECT_EQ(q.report_block(0x42).fraction_lost, 0);
}

TEST(ReceiveQuality, ClockRateZeroLeavesJitterAlone) {
  ReceiveQuality q;
  for (uint16_t seq = 0; seq < 10; ++seq) {
    q.on_packet(seq, 0, kStart + seq * 12345u, 0);
  }
  EXPECT_EQ(q.received(), 9u);
  EXPECT_EQ(q.jitter_ms(), 0.0);
}

} // namespace
} // namespace gossipper::runtime::media
