// One process's share of a sharded run: the N shares of a rate, -m, -l,
// -users and a range add up to the total, and the shards' call numbers
// never meet.
#include "gossipper/runtime/run_share.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace gossipper::runtime {
namespace {

TEST(RunShare, RatesAddUpToTheTotal) {
  for (double total : {0.0, 1.0, 7.0, 10.0, 0.3, 2.5, 33.333, 100.0, 999.9, 12345.678, 1e6}) {
    for (uint32_t n = 1; n <= 50; ++n) {
      double sum = 0;
      for (uint32_t i = 0; i < n; ++i) {
        double share = shard_rate(total, i, n);
        EXPECT_GE(share, 0) << total << " " << i << "/" << n;
        sum += share;
      }
      EXPECT_NEAR(sum, total, total * 1e-12) << total << " over " << n;
    }
  }
}

TEST(RunShare, OneShardIsTheWholeRunAsGiven) {
  EXPECT_EQ(shard_rate(0.1, 0, 1), 0.1); // not 0.1 * 1 / 1 rounded
  EXPECT_EQ(shard_amount(17, 0, 1), 17U);
  EXPECT_EQ(shard_limit(17, 0, 1), 17U);
  EXPECT_EQ(shard_slice(17, 0, 1).first, 0U);
  EXPECT_EQ(shard_slice(17, 0, 1).end, 17U);
}

TEST(RunShare, AnEvenRateSplitsEvenly) {
  EXPECT_DOUBLE_EQ(shard_rate(200, 0, 2), 100);
  EXPECT_DOUBLE_EQ(shard_rate(200, 1, 2), 100);
  EXPECT_DOUBLE_EQ(shard_rate(10, 2, 4), 2.5);
}

TEST(RunShare, CountsAddUpExactly) {
  const uint64_t totals[] = {0, 1, 2, 3, 7, 10, 99, 100, 101, 1000003, UINT64_MAX};
  for (uint64_t total : totals) {
    for (uint32_t n = 1; n <= 50; ++n) {
      uint64_t sum = 0;
      uint64_t least = UINT64_MAX;
      uint64_t most = 0;
      for (uint32_t i = 0; i < n; ++i) {
        uint64_t share = shard_amount(total, i, n);
        sum += share;
        least = std::min(least, share);
        most = std::max(most, share);
      }
      EXPECT_EQ(sum, total) << total << " over " << n;
      EXPECT_LE(most - least, 1U) << total << " over " << n; // as even as it can be
    }
  }
  EXPECT_EQ(shard_amount(100, 0, 2), 50U);
  EXPECT_EQ(shard_amount(100, 1, 2), 50U);
  EXPECT_EQ(shard_amount(10, 0, 3), 3U);
  EXPECT_EQ(shard_amount(10, 1, 3), 3U);
  EXPECT_EQ(shard_amount(10, 2, 3), 4U);
}

TEST(RunShare, TheLimitLeavesEveryShardACall) {
  EXPECT_EQ(shard_limit(0, 0, 4), 0U); // no limit stays no limit
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(shard_limit(2, i, 4), 1U) << i; // 0 would be no limit at all
  }
  EXPECT_EQ(shard_limit(10, 2, 3), 4U);
  uint64_t sum = 0;
  for (uint32_t i = 0; i < 7; ++i) {
    sum += shard_limit(700, i, 7);
  }
  EXPECT_EQ(sum, 700U);
}

TEST(RunShare, SlicesTileTheWhole) {
  const uint64_t sizes[] = {0, 1, 5, 10, 64, 1001};
  for (uint64_t size : sizes) {
    for (uint32_t n = 1; n <= 50; ++n) {
      uint64_t next = 0;
      for (uint32_t i = 0; i < n; ++i) {
        ShareSlice s = shard_slice(size, i, n);
        EXPECT_EQ(s.first, next) << size << " " << i << "/" << n;
        EXPECT_GE(s.end, s.first);
        next = s.end;
      }
      EXPECT_EQ(next, size) << size << " over " << n;
    }
  }
  ShareSlice s = shard_slice(10, 1, 3);
  EXPECT_EQ(s.first, 3U);
  EXPECT_EQ(s.end, 6U);
  EXPECT_EQ(s.size(), 3U);
}

TEST(RunShare, CallNumbersStrideAndNeverMeet) {
  // Unsharded: SIPp's 1, 2, 3...
  for (uint32_t k = 0; k < 5; ++k) {
    EXPECT_EQ(shard_call_number(k, 0, 1), k + 1);
  }
  EXPECT_EQ(shard_call_number(0, 1, 3), 2U);
  EXPECT_EQ(shard_call_number(1, 1, 3), 5U);
  EXPECT_EQ(shard_call_number(2, 2, 3), 9U);
  for (uint32_t n : {1U, 2U, 3U, 7U, 50U}) {
    std::set<uint32_t> seen;
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t k = 0; k < 100; ++k) {
        EXPECT_TRUE(seen.insert(shard_call_number(k, i, n)).second) << i << "/" << n << " " << k;
      }
    }
    // Together the shards number 1 .. 100 N, each once.
    EXPECT_EQ(*seen.begin(), 1U);
    EXPECT_EQ(*seen.rbegin(), 100 * n);
  }
}

TEST(RunShare, TakingANumberCountsTheShardsCalls) {
  RunConfig cfg;
  cfg.shard_index = 2;
  cfg.shard_count = 4;
  std::atomic<uint32_t> counter{1};
  EXPECT_EQ(take_call_number(counter, cfg), 3U);
  EXPECT_EQ(take_call_number(counter, cfg), 7U);
  EXPECT_EQ(take_call_number(counter, cfg), 11U);
  EXPECT_EQ(counter.load(), 4U);
  RunConfig plain;
  std::atomic<uint32_t> one{1};
  EXPECT_EQ(take_call_number(one, plain), 1U);
  EXPECT_EQ(take_call_number(one, plain), 2U);
}

TEST(RunShare, OwnMaxCalls) {
  RunConfig cfg;
  cfg.max_calls = 100;
  EXPECT_EQ(own_max_calls(cfg), 100U);
  cfg.shard_count = 3;
  cfg.shard_index = 0;
  EXPECT_EQ(own_max_calls(cfg), 33U);
  cfg.shard_index = 2;
  EXPECT_EQ(own_max_calls(cfg), 34U);
  cfg.max_calls = 0;
  EXPECT_EQ(own_max_calls(cfg), 0U); // no -m: no limit on any shard
}

} // namespace
} // namespace gossipper::runtime
