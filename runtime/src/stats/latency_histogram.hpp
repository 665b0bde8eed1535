//===- latency_histogram.hpp - Log-linear latency histogram -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A fixed-size histogram of durations in microseconds for percentiles: exact
// below 64 µs, then 32 linear buckets per power of two up to 2^41 µs (25
// days), so any value is known within 1/32 (3 %). 1,184 counters whatever the
// number of calls: ten million calls do not grow it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gossipper::runtime {

struct LatencyBuckets {
  static constexpr size_t kExact = 64;
  static constexpr size_t kSub = 32;
  static constexpr unsigned kMaxBit = 40;
  static constexpr size_t kCount = kExact + (kMaxBit - 6 + 1) * kSub;

  /// The bucket of `us` (values past the top go to the last bucket).
  [[nodiscard]] static size_t index(uint64_t us);
  /// The smallest and largest value bucket `i` holds.
  [[nodiscard]] static uint64_t lower(size_t i);
  [[nodiscard]] static uint64_t upper(size_t i);
  /// The p-th percentile (0 < p <= 100) of `counts` (kCount totals), as the
  /// midpoint of the bucket that holds it, clamped to [min_us, max_us].
  [[nodiscard]] static uint64_t percentile(const std::vector<uint64_t> &counts, double p,
                                           uint64_t min_us, uint64_t max_us);
};

} // namespace gossipper::runtime
