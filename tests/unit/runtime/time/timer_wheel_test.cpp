// The hashed timer wheel: order, re-arming, cancelling, long deadlines.
#include "time/timer_wheel.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace gossipper::runtime {
namespace {

TEST(TimerWheel, FiresAtDeadlineNotBefore) {
  TimerWheel w(1000);
  TimerNode a, b;
  w.schedule(a, 1005);
  w.schedule(b, 1003);
  std::vector<TimerNode *> fired;
  auto rec = [&](TimerNode &n) { fired.push_back(&n); };
  w.advance(1002, rec);
  EXPECT_TRUE(fired.empty());
  w.advance(1004, rec);
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0], &b);
  w.advance(1005, rec);
  ASSERT_EQ(fired.size(), 2U);
  EXPECT_EQ(fired[1], &a);
  EXPECT_EQ(w.size(), 0U);
  EXPECT_FALSE(a.armed());
}

TEST(TimerWheel, LongDeadlinesWaitForTheirTurn) {
  TimerWheel w(0);
  TimerNode a;
  w.schedule(a, 10000); // more than two turns of 4096 ms
  int fired = 0;
  auto rec = [&](TimerNode &) { ++fired; };
  for (uint64_t t = 1; t < 10000; t += 7) {
    w.advance(t, rec);
  }
  EXPECT_EQ(fired, 0);
  w.advance(10000, rec);
  EXPECT_EQ(fired, 1);
}

TEST(TimerWheel, BigJumpsStillFireEverything) {
  TimerWheel w(0);
  std::vector<TimerNode> nodes(100);
  for (size_t i = 0; i < nodes.size(); ++i) {
    w.schedule(nodes[i], 1 + i * 97);
  }
  int fired = 0;
  w.advance(1000000, [&](TimerNode &) { ++fired; });
  EXPECT_EQ(fired, 100);
}

TEST(TimerWheel, RearmAndCancelFromACallback) {
  TimerWheel w(0);
  TimerNode a, b;
  w.schedule(a, 5);
  w.schedule(b, 5);
  int fired = 0;
  w.advance(5, [&](TimerNode &n) {
    ++fired;
    if (&n == &a) {
      w.cancel(b);       // cancels a node of the same slot
      w.schedule(a, 50); // re-arms itself
    }
  });
  EXPECT_EQ(fired, 1);
  EXPECT_TRUE(a.armed());
  EXPECT_FALSE(b.armed());
  w.advance(49, [&](TimerNode &) { ++fired; });
  EXPECT_EQ(fired, 1);
  w.advance(50, [&](TimerNode &) { ++fired; });
  EXPECT_EQ(fired, 2);
}

TEST(TimerWheel, PastDeadlineFiresOnNextTick) {
  TimerWheel w(100);
  TimerNode a;
  w.schedule(a, 10);
  int fired = 0;
  w.advance(100, [&](TimerNode &) { ++fired; });
  EXPECT_EQ(fired, 0);
  w.advance(101, [&](TimerNode &) { ++fired; });
  EXPECT_EQ(fired, 1);
}

} // namespace
} // namespace gossipper::runtime
