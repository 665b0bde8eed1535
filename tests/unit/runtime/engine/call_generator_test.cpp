// SIPp's call generation: calls owed by the rate since it last changed,
// within -m and -l, or one per free user.
#include "engine/call_generator.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace gossipper::runtime {
namespace {

struct Generated {
  uint32_t number;
  std::string id;
  uint32_t user;
};

class Generator {
public:
  explicit Generator(double rate, UserPool *users = nullptr) {
    cfg.local_ip = "127.0.0.1";
    cfg.pid = 7;
    cfg.rate_period_ms = 1000;
    state.rate.store(rate);
    gen = std::make_unique<CallGenerator>(
        cfg, state, users, next,
        [this](uint32_t number, std::string_view id, uint32_t user) {
          made.push_back({number, std::string(id), user});
        },
        [this] { return open; }, [this] { ++wakes; });
  }
  /// A rate set while the run goes on (keys, API, -rate_increase).
  void change_rate(double rate) {
    state.rate.store(rate);
    state.rate_epoch.fetch_add(1);
  }
  RunConfig cfg;
  RunState state;
  std::atomic<uint32_t> next{1};
  std::vector<Generated> made;
  uint64_t open = 0;
  int wakes = 0;
  std::unique_ptr<CallGenerator> gen;
};

TEST(CallGenerator, OpensWhatTheRateOwes) {
  Generator g(10); // 10 calls per second
  g.gen->on_tick(1000);
  EXPECT_TRUE(g.made.empty());
  g.gen->on_tick(1099);
  EXPECT_TRUE(g.made.empty());
  g.gen->on_tick(1100);
  ASSERT_EQ(g.made.size(), 1U);
  EXPECT_EQ(g.made[0].number, 1U);
  EXPECT_EQ(g.made[0].id, "1-7@127.0.0.1");
  g.gen->on_tick(1500);
  EXPECT_EQ(g.made.size(), 5U);
  EXPECT_EQ(g.state.created.load(), 5U);
}

TEST(CallGenerator, ARateChangeCountsFromItsMoment) {
  Generator g(10);
  g.gen->on_tick(1000);
  g.gen->on_tick(1500);
  ASSERT_EQ(g.made.size(), 5U);
  g.change_rate(100);
  g.gen->on_tick(1500);
  g.gen->on_tick(1510);
  EXPECT_EQ(g.made.size(), 6U);
}

TEST(CallGenerator, TheMaxCallsAndTheLimitCut) {
  Generator g(1000);
  g.cfg.max_calls = 3;
  g.gen->on_tick(0);
  g.gen->on_tick(10); // 10 owed, 3 allowed
  EXPECT_EQ(g.made.size(), 3U);
  EXPECT_EQ(g.wakes, 1); // the last call of -m wakes the run loop
  Generator l(1000);
  l.state.call_limit.store(4);
  l.open = 3;
  l.gen->on_tick(0);
  l.gen->on_tick(10); // 10 owed, room for 1, the others shed
  EXPECT_EQ(l.made.size(), 1U);
  l.open = 0;
  l.gen->on_tick(11);
  EXPECT_EQ(l.made.size(), 2U);
}

TEST(CallGenerator, NothingWhilePausedQuittingOrServing) {
  Generator g(1000);
  g.state.paused.store(true);
  g.gen->on_tick(0);
  g.gen->on_tick(100);
  EXPECT_TRUE(g.made.empty());
  g.state.paused.store(false);
  g.gen->on_tick(200); // the schedule restarts from here
  g.gen->on_tick(201);
  EXPECT_EQ(g.made.size(), 1U);
  g.state.quit.soft();
  g.gen->on_tick(300);
  EXPECT_EQ(g.made.size(), 1U);
  Generator server(1000); // a server answers calls, whatever the rate
  server.cfg.server_mode = true;
  server.gen->on_tick(0);
  server.gen->on_tick(100);
  EXPECT_TRUE(server.made.empty());
}

TEST(CallGenerator, UsersEachGetACall) {
  UserPool users(3);
  Generator g(0, &users);
  g.gen->on_tick(0);
  ASSERT_EQ(g.made.size(), 3U);
  std::set<uint32_t> taken;
  for (const Generated &c : g.made) {
    taken.insert(c.user);
  }
  EXPECT_EQ(taken, (std::set<uint32_t>{1, 2, 3}));
  g.gen->on_tick(1);
  EXPECT_EQ(g.made.size(), 3U);
  users.give_back(2);
  g.gen->on_tick(2);
  ASSERT_EQ(g.made.size(), 4U);
  EXPECT_EQ(g.made[3].user, 2U);
}

// -shard I/N: the rate, -m and -l the state holds are the run's totals;
// each shard opens its share of them, numbered in its stride.
TEST(CallGenerator, AShardOpensItsShareOfTheRate) {
  Generator g(300); // the run's 300 calls/s over 3 shards: 100 each
  g.cfg.shard_index = 1;
  g.cfg.shard_count = 3;
  g.gen->on_tick(0);
  g.gen->on_tick(1000);
  ASSERT_EQ(g.made.size(), 100U);
  EXPECT_EQ(g.made[0].number, 2U); // kN + I + 1
  EXPECT_EQ(g.made[1].number, 5U);
  EXPECT_EQ(g.made[99].number, 99U * 3 + 2);
  EXPECT_EQ(g.made[0].id, "2-7@127.0.0.1"); // %u shows the number: no prefix
  g.change_rate(600);                       // a total set later is shared too
  g.gen->on_tick(1000);
  g.gen->on_tick(1500);
  EXPECT_EQ(g.made.size(), 200U);
}

TEST(CallGenerator, AShardStopsAtItsShareOfTheMaxCalls) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < 3; ++i) {
    Generator g(10000);
    g.cfg.max_calls = 100;
    g.cfg.shard_index = i;
    g.cfg.shard_count = 3;
    g.gen->on_tick(0);
    g.gen->on_tick(1000);
    EXPECT_EQ(g.made.size(), i == 2 ? 34U : 33U) << i;
    EXPECT_EQ(g.wakes, 1) << i; // its last call starts its ending
    total += g.made.size();
  }
  EXPECT_EQ(total, 100U);
}

TEST(CallGenerator, AShardKeepsItsShareOfTheLimit) {
  Generator g(1000);
  g.cfg.shard_index = 0;
  g.cfg.shard_count = 4;
  g.state.call_limit.store(10); // the run's -l 10: 2 here
  g.gen->on_tick(0);
  g.gen->on_tick(100); // 25 owed
  EXPECT_EQ(g.made.size(), 2U);
}

} // namespace
} // namespace gossipper::runtime
