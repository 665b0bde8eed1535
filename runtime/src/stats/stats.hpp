//===- stats.hpp - SIPp's counters, one set per shard ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each shard writes only its own Stats (plain relaxed stores, no locked
// instruction on the message path); the main thread reads all shards and sums
// them for the screens and files. Names follow SIPp's statistics CSV.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "stats/latency_histogram.hpp"
#include <array>
#include <atomic>
#include <cstdint>

#include <memory>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

enum class Counter : uint8_t {
  IncomingCall,
  OutgoingCall,
  SuccessfulCall,
  FailedCall,
  FailedCannotSendMessage,
  FailedMaxUDPRetrans,
  FailedTcpConnect,
  FailedTcpClosed,
  FailedUnexpectedMessage,
  FailedCallRejected,
  FailedCmdNotSent,
  FailedRegexpDoesntMatch,
  FailedRegexpShouldntMatch,
  FailedRegexpHdrNotFound,
  FailedOutboundCongestion,
  FailedTimeoutOnRecv,
  FailedTimeoutOnSend,
  FailedTestDoesntMatch,
  FailedTestShouldntMatch,
  FailedStrcmpDoesntMatch,
  FailedStrcmpShouldntMatch,
  OutOfCallMsgs,
  DeadCallMsgs,
  Retransmissions,
  AutoAnswered,
  Warnings,
  FatalErrors,
  WatchdogMajor,
  WatchdogMinor,
  /// Ours, beyond SIPp: messages that could not be parsed (SIPp drops them
  /// uncounted).
  MalformedMessages,
  /// Ours: calls a forced quit aborted (SIPp counts them nowhere), failed.
  AbortedCalls,
  /// Calls that ended with no success/failure count (SIPp's PING auto-reply).
  Uncounted,
  Count,
};

[[nodiscard]] std::string_view counter_name(Counter c);

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
  /// The summary's fixed buckets: le_10ms ... le_5000ms, gt_5000ms.
  static constexpr std::array<uint32_t, 9> kFixedBoundsMs = {10,  20,   50,   100, 200,
                                                             500, 1000, 2000, 5000};
  ShardCounter count, sum_ms, sum_sq_ms, min_ms, max_ms, min_us, max_us;
  std::vector<ShardCounter> buckets; ///< bounds.size() + 1
  std::array<ShardCounter, kFixedBoundsMs.size() + 1> fixed;
  std::unique_ptr<ShardCounter[]> histogram;
  void record(uint64_t us, const std::vector<uint32_t> &bounds);
};

struct Stats {
  Stats(size_t states, size_t rtds, size_t counters, size_t rt_bounds, size_t cl_bounds);

  std::array<ShardCounter, static_cast<size_t>(Counter::Count)> counters;
  std::unique_ptr<StateCounters[]> per_state;
  std::vector<Series> rtd;
  Series call_length;
  std::unique_ptr<ShardCounter[]> user_counters;
  size_t states = 0;
  size_t user_counter_count = 0;

  ShardCounter &operator[](Counter c) { return counters[static_cast<size_t>(c)]; }
  const ShardCounter &operator[](Counter c) const { return counters[static_cast<size_t>(c)]; }
};

/// Sums of every shard's Stats, taken by the main thread.
struct StatsSnapshot {
  std::vector<uint64_t> counters;
  struct State {
    uint64_t sent, recv, sent_retrans, recv_retrans, timeouts, unexpected, lost, sessions;
  };
  std::vector<State> states;
  struct SeriesSum {
    uint64_t count = 0, sum_ms = 0, sum_sq_ms = 0, min_ms = 0, max_ms = 0, min_us = 0, max_us = 0;
    std::vector<uint64_t> buckets;
    std::array<uint64_t, Series::kFixedBoundsMs.size() + 1> fixed{};
    std::vector<uint64_t> histogram; ///< only in a snapshot taken with histograms
  };
  std::vector<SeriesSum> rtd;
  SeriesSum call_length;
  std::vector<uint64_t> user_counters;
  uint64_t open_calls = 0;
  uint64_t peak_calls = 0;
  uint64_t peak_time_s = 0;

  [[nodiscard]] uint64_t get(Counter c) const { return counters[static_cast<size_t>(c)]; }
  [[nodiscard]] uint64_t created() const {
    return get(Counter::IncomingCall) + get(Counter::OutgoingCall);
  }
  /// Takes away what `base` counted (modulo 2^64, so that differences of
  /// two snapshots rebased alike stay right): SIPp's "reset stats" zeroes
  /// the cumulative counters, response-time and call-length moments and
  /// user counters, not the open calls, per-message counters nor the
  /// repartitions.
  void subtract_cumulative(const StatsSnapshot &base);
};

} // namespace gossipper::runtime
