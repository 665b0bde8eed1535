//===- stats.cpp - SIPp's counters, one set per shard ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/stats.hpp"

namespace gossipper::runtime {

void Series::record(uint64_t us, const std::vector<uint32_t> &bounds) {
  uint64_t ms = us / 1000;
  if (count.get() == 0 || us < min_us.get()) {
    min_us.set(us);
  }
  if (us > max_us.get()) {
    max_us.set(us);
  }
  histogram[LatencyBuckets::index(us)].add();
  size_t f = 0;
  while (f < kFixedBucketBoundsMs.size() && us > uint64_t{kFixedBucketBoundsMs[f]} * 1000) {
    ++f;
  }
  fixed[f].add();
  if (count.get() == 0 || ms < min_ms.get()) {
    min_ms.set(ms);
  }
  if (ms > max_ms.get()) {
    max_ms.set(ms);
  }
  count.add();
  sum_ms.add(ms);
  sum_sq_ms.add(ms * ms);
  size_t b = 0;
  while (b < bounds.size() && ms >= bounds[b]) {
    ++b;
  }
  if (b < buckets.size()) {
    buckets[b].add();
  }
}

Stats::Stats(size_t state_count, size_t rtds, size_t counter_count, size_t rt_bounds,
             size_t cl_bounds)
    : per_state(new StateCounters[state_count == 0 ? 1 : state_count]), rtd(rtds),
      user_counters(new ShardCounter[counter_count == 0 ? 1 : counter_count]),
      user_counter_count(counter_count) {
  for (Series &s : rtd) {
    s.buckets = std::vector<ShardCounter>(rt_bounds + 1);
  }
  call_length.buckets = std::vector<ShardCounter>(cl_bounds + 1);
}

Stats::Stats(const ir::Scenario &s)
    : Stats(s.states.size(), s.rtds.size(), s.counters.size(),
            s.response_time_repartition.bounds_ms.size(),
            s.call_length_repartition.bounds_ms.size()) {}

} // namespace gossipper::runtime
