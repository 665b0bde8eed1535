// The log-linear histogram behind the summary's percentiles.
#include "stats/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace gossipper::runtime {
namespace {

TEST(LatencyBuckets, EveryValueFallsInABucketThatHoldsIt) {
  for (uint64_t v : {0ULL, 1ULL, 63ULL, 64ULL, 65ULL, 127ULL, 128ULL, 1000ULL, 9999ULL, 10000ULL,
                     123456789ULL, (1ULL << 40) + 5}) {
    size_t i = LatencyBuckets::index(v);
    ASSERT_LT(i, LatencyBuckets::kCount) << v;
    if (v < (1ULL << 41)) {
      EXPECT_LE(LatencyBuckets::lower(i), v) << v;
      EXPECT_GE(LatencyBuckets::upper(i), v) << v;
      // Within 1/32 of the value: the promised resolution.
      EXPECT_LE(LatencyBuckets::upper(i) - LatencyBuckets::lower(i), v / 32 + 1) << v;
    }
  }
  EXPECT_EQ(LatencyBuckets::index(~0ULL), LatencyBuckets::kCount - 1); // past the top
  for (size_t i = 1; i < LatencyBuckets::kCount; ++i) {
    EXPECT_EQ(LatencyBuckets::lower(i), LatencyBuckets::upper(i - 1) + 1) << i;
  }
}

TEST(LatencyBuckets, PercentilesOfAKnownDistribution) {
  // 900 samples at 20 ms, 90 at 200 ms, 10 at 2 s.
  std::vector<uint64_t> counts(LatencyBuckets::kCount, 0);
  counts[LatencyBuckets::index(20000)] += 900;
  counts[LatencyBuckets::index(200000)] += 90;
  counts[LatencyBuckets::index(2000000)] += 10;
  auto near = [](uint64_t got, uint64_t want) {
    return got >= want - want / 32 && got <= want + want / 32;
  };
  EXPECT_TRUE(near(LatencyBuckets::percentile(counts, 50, 20000, 2000000), 20000));
  EXPECT_TRUE(near(LatencyBuckets::percentile(counts, 90, 20000, 2000000), 20000));
  EXPECT_TRUE(near(LatencyBuckets::percentile(counts, 99, 20000, 2000000), 200000));
  EXPECT_TRUE(near(LatencyBuckets::percentile(counts, 99.9, 20000, 2000000), 2000000));
  EXPECT_EQ(LatencyBuckets::percentile(std::vector<uint64_t>(LatencyBuckets::kCount, 0), 50, 0, 0),
            0U);
}

TEST(LatencyBuckets, UniformSamplesAgreeWithTheExactPercentiles) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<uint64_t> dist(1000, 500000);
  std::vector<uint64_t> values;
  std::vector<uint64_t> counts(LatencyBuckets::kCount, 0);
  for (int i = 0; i < 100000; ++i) {
    uint64_t v = dist(rng);
    values.push_back(v);
    ++counts[LatencyBuckets::index(v)];
  }
  std::sort(values.begin(), values.end());
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    uint64_t exact =
        values[static_cast<size_t>(p / 100.0 * static_cast<double>(values.size())) - 1];
    uint64_t got = LatencyBuckets::percentile(counts, p, values.front(), values.back());
    EXPECT_NEAR(static_cast<double>(got), static_cast<double>(exact),
                static_cast<double>(exact) / 32.0)
        << p;
  }
}

} // namespace
} // namespace gossipper::runtime
