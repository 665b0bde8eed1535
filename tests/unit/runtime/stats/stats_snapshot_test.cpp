// A run's statistics at one moment: a snapshot sized for the scenario, the
// sum of the shards' counters, and SIPp's "reset stats" (what it zeroes and
// what it keeps).
#include "stats/stats.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace gossipper::runtime {
namespace {

/// Four elements, two response times, a counter, both repartitions.
ir::Scenario measured() {
  return test::compiled_scenario(test::scenario(R"(
  <send start_rtd="setup"><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send>
  <recv response="200" rtd="setup" counter="answered"/>
  <send start_rtd="again"><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send>
  <recv response="200" rtd="again" counter="answered"/>
  <ResponseTimeRepartition value="10, 20"/>
  <CallLengthRepartition value="10, 50, 100"/>)"));
}

TEST(StatsSnapshot, EmptySnapshotIsSizedForTheScenario) {
  ir::Scenario s = measured();
  StatsSnapshot z = empty_snapshot(s);
  EXPECT_EQ(z.counters.size(), static_cast<size_t>(Counter::Count));
  EXPECT_EQ(z.states.size(), 4U);
  ASSERT_EQ(z.rtd.size(), 2U);
  EXPECT_EQ(z.rtd[0].buckets.size(), 3U); // two bounds, three buckets
  EXPECT_EQ(z.call_length.buckets.size(), 4U);
  EXPECT_EQ(z.user_counters.size(), 1U);
  EXPECT_EQ(std::accumulate(z.counters.begin(), z.counters.end(), uint64_t{0}), 0U);
  EXPECT_EQ(z.created(), 0U);
}

TEST(StatsSnapshot, AddShardStatsSumsTheShards) {
  ir::Scenario s = measured();
  const std::vector<uint32_t> &rt = s.response_time_repartition.bounds_ms;
  Stats idle(s); // a shard that measured nothing does not lower the minimum
  Stats a(s);
  Stats b(s);
  a[Counter::OutgoingCall].add(3);
  b[Counter::OutgoingCall].add(4);
  b[Counter::IncomingCall].add(1);
  a.per_state[1].recv.add(2);
  b.per_state[1].recv.add(5);
  b.per_state[0].sent_retrans.add(1);
  a.rtd[0].record(15000, rt); // 15 ms
  b.rtd[0].record(5000, rt);  // 5 ms
  b.rtd[0].record(30000, rt); // 30 ms
  a.call_length.record(60000, s.call_length_repartition.bounds_ms);
  a.user_counters[0].add(2);
  b.user_counters[0].add(1);

  StatsSnapshot sum = empty_snapshot(s);
  for (const Stats *shard : {&idle, &a, &b}) {
    add_shard_stats(sum, *shard, false);
  }
  EXPECT_EQ(sum.get(Counter::OutgoingCall), 7U);
  EXPECT_EQ(sum.created(), 8U);
  EXPECT_EQ(sum.states[1].recv, 7U);
  EXPECT_EQ(sum.states[0].sent_retrans, 1U);
  const StatsSnapshot::SeriesSum &setup = sum.rtd[0];
  EXPECT_EQ(setup.count, 3U);
  EXPECT_EQ(setup.sum_ms, 50U);
  EXPECT_EQ(setup.sum_sq_ms, 15U * 15 + 5 * 5 + 30 * 30);
  EXPECT_EQ(setup.min_ms, 5U);
  EXPECT_EQ(setup.max_ms, 30U);
  EXPECT_EQ(setup.min_us, 5000U);
  EXPECT_EQ(setup.buckets, (std::vector<uint64_t>{1, 1, 1}));
  EXPECT_EQ(sum.rtd[1].count, 0U);
  EXPECT_EQ(sum.call_length.count, 1U);
  EXPECT_EQ(sum.call_length.buckets, (std::vector<uint64_t>{0, 0, 1, 0}));
  EXPECT_EQ(sum.user_counters[0], 3U);
  EXPECT_TRUE(setup.histogram.empty()); // not asked for

  StatsSnapshot with = empty_snapshot(s);
  add_shard_stats(with, a, true);
  add_shard_stats(with, b, true);
  ASSERT_EQ(with.rtd[0].histogram.size(), LatencyBuckets::kCount);
  EXPECT_EQ(
      std::accumulate(with.rtd[0].histogram.begin(), with.rtd[0].histogram.end(), uint64_t{0}), 3U);
}

TEST(StatsSnapshot, SubtractCumulativeKeepsPerMessageCountersAndRepartitions) {
  ir::Scenario s = measured();
  const std::vector<uint32_t> &rt = s.response_time_repartition.bounds_ms;
  Stats shard(s);
  // `calls` successful calls, each sending the first message; one response
  // time of `rtd_ms`; the user counter moved by `counted`. The snapshot then.
  auto activity = [&](uint64_t calls, uint64_t rtd_ms, uint64_t counted) {
    shard[Counter::SuccessfulCall].add(calls);
    shard.per_state[0].sent.add(calls);
    shard.rtd[0].record(rtd_ms * 1000, rt);
    shard.user_counters[0].add(counted);
    StatsSnapshot taken = empty_snapshot(s);
    add_shard_stats(taken, shard, false);
    return taken;
  };
  StatsSnapshot base = activity(2, 15, 2);
  StatsSnapshot now = activity(3, 5, 1);
  now.open_calls = 4;
  now.subtract_cumulative(base);

  EXPECT_EQ(now.get(Counter::SuccessfulCall), 3U);
  EXPECT_EQ(now.user_counters[0], 1U);
  EXPECT_EQ(now.rtd[0].count, 1U);
  EXPECT_EQ(now.rtd[0].sum_ms, 5U);
  EXPECT_EQ(now.rtd[0].sum_sq_ms, 25U);
  // Kept, as SIPp's reset keeps them:
  EXPECT_EQ(now.states[0].sent, 5U);
  EXPECT_EQ(now.rtd[0].buckets, (std::vector<uint64_t>{1, 1, 0}));
  EXPECT_EQ(now.open_calls, 4U);
}

} // namespace
} // namespace gossipper::runtime
