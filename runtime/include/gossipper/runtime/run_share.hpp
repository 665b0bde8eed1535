//===- run_share.hpp - One process's share of a sharded run ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A sharded run is N processes started with the same command line, each
// told which one it is (-shard I/N). Each takes a share of the totals the
// command line gives, cut so that the N shares add up to the total exactly
// (docs/sharding.md, "One process's share").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"

#include <atomic>
#include <cstdint>

namespace gossipper::runtime {

/// The most shards a run may have.
inline constexpr uint32_t kMaxShards = 10000;

/// Shard `index` of `count`'s part of a rate: R(I+1)/N - RI/N, whose N
/// parts add up to R (to the rounding of doubles).
[[nodiscard]] double shard_rate(double total, uint32_t index, uint32_t count);

/// Shard `index` of `count`'s part of a number of things (-m, -users):
/// floor(T(I+1)/N) - floor(TI/N), whose N parts add up to T exactly.
[[nodiscard]] uint64_t shard_amount(uint64_t total, uint32_t index, uint32_t count);

/// Like shard_amount, but at least 1 when `total` is not 0: the open-call
/// limit (-l) of a shard must let it open calls.
[[nodiscard]] uint64_t shard_limit(uint64_t total, uint32_t index, uint32_t count);

/// Shard `index` of `count`'s slice [first, end) of `size` things (the rows
/// of a SEQUENTIAL -inf file, a port range): floor(S I/N) to floor(S(I+1)/N).
struct ShareSlice {
  uint64_t first = 0;
  uint64_t end = 0;
  [[nodiscard]] uint64_t size() const { return end - first; }
};
[[nodiscard]] ShareSlice shard_slice(uint64_t size, uint32_t index, uint32_t count);

/// SIPp's call number of a shard's k-th call (k from 0): kN + I + 1, so
/// that no two shards number a call alike and N = 1 numbers 1, 2, 3...
[[nodiscard]] inline uint32_t shard_call_number(uint32_t k, uint32_t index, uint32_t count) {
  return k * count + index + 1; // wraps as SIPp's unsigned counter does
}

/// Takes the next call number from the run's counter of calls (which
/// counts 1, 2, 3...): the number of that call in this shard's stride.
[[nodiscard]] inline uint32_t take_call_number(std::atomic<uint32_t> &counter,
                                               const RunConfig &cfg) {
  return shard_call_number(counter.fetch_add(1) - 1, cfg.shard_index, cfg.shard_count);
}

/// This process's -m (0: no limit).
[[nodiscard]] inline uint64_t own_max_calls(const RunConfig &cfg) {
  return shard_amount(cfg.max_calls, cfg.shard_index, cfg.shard_count);
}

} // namespace gossipper::runtime
