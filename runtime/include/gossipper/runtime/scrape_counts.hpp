//===- scrape_counts.hpp - How many /metrics scrapes a run answered -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The API's thread counts the Prometheus scrapes it answers; the run reads
// the counts for its summary and final screen. Shared (shared_ptr) because
// the listener and the run end at different moments, and atomic because
// they are on different threads.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <cstdint>

namespace gossipper::runtime {

struct ScrapeCounts {
  std::atomic<uint64_t> served{0}; ///< GET or HEAD /metrics answered 200
  std::atomic<uint64_t> failed{0}; ///< /metrics refused: 401 (token), 405 (method)
  /// -metrics_addr was given: the counts are shown even when nobody scraped
  /// (with -api_addr alone, only once /metrics was asked for).
  bool listener = false;

  [[nodiscard]] bool shown() const {
    return listener || served.load(std::memory_order_relaxed) != 0 ||
           failed.load(std::memory_order_relaxed) != 0;
  }
};

} // namespace gossipper::runtime
