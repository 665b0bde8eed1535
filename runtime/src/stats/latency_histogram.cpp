//===- latency_histogram.cpp - Log-linear latency histogram ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gossipper::runtime {

size_t LatencyBuckets::index(uint64_t us) {
  if (us < kExact) {
    return static_cast<size_t>(us);
  }
  unsigned msb = 63U - static_cast<unsigned>(std::countl_zero(us)); // >= 6
  if (msb > kMaxBit) {
    return kCount - 1;
  }
  unsigned shift = msb - 5; // keeps the top 6 bits: 32..63
  size_t sub = static_cast<size_t>(us >> shift) - kSub;
  return kExact + (msb - 6) * kSub + sub;
}

uint64_t LatencyBuckets::lower(size_t i) {
  if (i < kExact) {
    return i;
  }
  size_t k = i - kExact;
  unsigned msb = static_cast<unsigned>(k / kSub) + 6;
  return (kSub + k % kSub) << (msb - 5);
}

uint64_t LatencyBuckets::upper(size_t i) {
  if (i < kExact) {
    return i;
  }
  size_t k = i - kExact;
  unsigned msb = static_cast<unsigned>(k / kSub) + 6;
  return ((kSub + k % kSub + 1) << (msb - 5)) - 1;
}

uint64_t LatencyBuckets::percentile(const std::vector<uint64_t> &counts, double p, uint64_t min_us,
                                    uint64_t max_us) {
  uint64_t total = 0;
  for (uint64_t c : counts) {
    total += c;
  }
  if (total == 0) {
    return 0;
  }
  // The smallest value with at least p % of the samples at or below it.
  auto rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total)));
  rank = std::clamp<uint64_t>(rank, 1, total);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    seen += counts[i];
    if (seen >= rank) {
      uint64_t mid = lower(i) + (upper(i) - lower(i)) / 2;
      return std::clamp(mid, min_us, std::max(min_us, max_us));
    }
  }
  return max_us;
}

} // namespace gossipper::runtime
