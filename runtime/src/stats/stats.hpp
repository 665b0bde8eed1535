//===- stats.hpp - SIPp's counters, one set per shard ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each shard writes only its own Stats (plain relaxed stores, no locked
// instruction on the message path); the main thread reads all shards and sums
// them into a StatsSnapshot (stats_snapshot.hpp) for the screens and files.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/stats_snapshot.hpp"
#include "stats/latency_histogram.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

/// A counter only its shard writes.
class ShardCounter {
public:
  void add(uint64_t n = 1) {
    v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  void set(uint64_t n) { v_.store(n, std::memory_order_relaxed); }
  [[nodiscard]] uint64_t get() const { return v_.load(std::memory_order_relaxed); }

private:
  std::atomic<uint64_t> v_{0};
};

/// Per scenario element, for the scenario screen.
struct StateCounters {
  ShardCounter sent, recv, sent_retrans, recv_retrans, timeouts, unexpected, lost, sessions;
};

/// A response-time or call-length series: count, sum, sum of squares (ms),
/// the repartition buckets, and for percentiles a log-linear histogram of
/// the exact durations (µs).
struct Series {
  Series() : histogram(new ShardCounter[LatencyBuckets::kCount]) {}
  ShardCounter count, sum_ms, sum_sq_ms, min_ms, max_ms, min_us, max_us;
  std::vector<ShardCounter> buckets; ///< bounds.size() + 1
  std::array<ShardCounter, kFixedBucketBoundsMs.size() + 1> fixed;
  std::unique_ptr<ShardCounter[]> histogram;
  void record(uint64_t us, const std::vector<uint32_t> &bounds);
};

struct Stats {
  Stats(size_t states, size_t rtds, size_t counters, size_t rt_bounds, size_t cl_bounds);
  /// Sized for `scenario`: its elements, response times, counters and
  /// repartitions.
  explicit Stats(const ir::Scenario &scenario);

  std::array<ShardCounter, static_cast<size_t>(Counter::Count)> counters;
  std::unique_ptr<StateCounters[]> per_state;
  std::vector<Series> rtd;
  Series call_length;
  std::unique_ptr<ShardCounter[]> user_counters;
  size_t user_counter_count = 0;

  ShardCounter &operator[](Counter c) { return counters[static_cast<size_t>(c)]; }
  const ShardCounter &operator[](Counter c) const { return counters[static_cast<size_t>(c)]; }
};

/// A snapshot of zeros sized for `scenario`.
[[nodiscard]] StatsSnapshot empty_snapshot(const ir::Scenario &scenario);
/// Adds one shard's counters to `into` (sized for the same scenario); the
/// latency histograms only when asked (they are large). `with_states`
/// false: not the per-element counts (another version of the scenario, whose
/// elements are others, made `from`).
void add_shard_stats(StatsSnapshot &into, const Stats &from, bool with_histograms,
                     bool with_states = true);

} // namespace gossipper::runtime
