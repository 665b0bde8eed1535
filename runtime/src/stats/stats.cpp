//===- stats.cpp - SIPp's counters, one set per shard ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/stats.hpp"

namespace gossipper::runtime {

std::string_view counter_name(Counter c) {
  static constexpr std::string_view names[] = {"IncomingCall",
                                               "OutgoingCall",
                                               "SuccessfulCall",
                                               "FailedCall",
                                               "FailedCannotSendMessage",
                                               "FailedMaxUDPRetrans",
                                               "FailedTcpConnect",
                                               "FailedTcpClosed",
                                               "FailedUnexpectedMessage",
                                               "FailedCallRejected",
                                               "FailedCmdNotSent",
                                               "FailedRegexpDoesntMatch",
                                               "FailedRegexpShouldntMatch",
                                               "FailedRegexpHdrNotFound",
                                               "FailedOutboundCongestion",
                                               "FailedTimeoutOnRecv",
                                               "FailedTimeoutOnSend",
                                               "FailedTestDoesntMatch",
                                               "FailedTestShouldntMatch",
                                               "FailedStrcmpDoesntMatch",
                                               "FailedStrcmpShouldntMatch",
                                               "OutOfCallMsgs",
                                               "DeadCallMsgs",
                                               "Retransmissions",
                                               "AutoAnswered",
                                               "Warnings",
                                               "FatalErrors",
                                               "WatchdogMajor",
                                               "WatchdogMinor",
                                               "MalformedMessages",
                                               "AbortedCalls",
                                               "Uncounted"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(Counter::Count));
  return names[static_cast<size_t>(c)];
}

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
  while (f < kFixedBoundsMs.size() && us > uint64_t{kFixedBoundsMs[f]} * 1000) {
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
      user_counters(new ShardCounter[counter_count == 0 ? 1 : counter_count]), states(state_count),
      user_counter_count(counter_count) {
  for (Series &s : rtd) {
    s.buckets = std::vector<ShardCounter>(rt_bounds + 1);
  }
  call_length.buckets = std::vector<ShardCounter>(cl_bounds + 1);
}

void StatsSnapshot::subtract_cumulative(const StatsSnapshot &base) {
  for (size_t i = 0; i < counters.size() && i < base.counters.size(); ++i) {
    counters[i] -= base.counters[i];
  }
  auto moments = [](SeriesSum &s, const SeriesSum &b) {
    s.count -= b.count;
    s.sum_ms -= b.sum_ms;
    s.sum_sq_ms -= b.sum_sq_ms;
  };
  for (size_t i = 0; i < rtd.size() && i < base.rtd.size(); ++i) {
    moments(rtd[i], base.rtd[i]);
  }
  moments(call_length, base.call_length);
  for (size_t i = 0; i < user_counters.size() && i < base.user_counters.size(); ++i) {
    user_counters[i] -= base.user_counters[i];
  }
}

} // namespace gossipper::runtime
