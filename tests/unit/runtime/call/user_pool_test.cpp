//===- user_pool_test.cpp - -users: ids taken, returned, retired ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/user_pool.hpp"

#include <gtest/gtest.h>

#include <set>

namespace gossipper::runtime {
namespace {

TEST(UserPool, HandsOutEachUserOnceUntilReturned) {
  UserPool pool(3);
  std::set<uint32_t> taken;
  for (int i = 0; i < 3; ++i) {
    auto id = pool.take();
    ASSERT_TRUE(id.has_value());
    taken.insert(*id);
  }
  EXPECT_EQ(taken, (std::set<uint32_t>{1, 2, 3}));
  EXPECT_FALSE(pool.take().has_value());
  EXPECT_EQ(pool.startable(), 0U);
  pool.give_back(2);
  EXPECT_EQ(pool.startable(), 1U);
  EXPECT_EQ(pool.take(), 2U);
}

TEST(UserPool, LoweringRetiresIdleUsersAtOnce) {
  UserPool pool(10);
  ASSERT_TRUE(pool.take().has_value()); // 1 in a call, 9 idle
  pool.set_users(3);
  std::set<uint32_t> seen;
  for (int round = 0; round < 20; ++round) {
    auto id = pool.take();
    ASSERT_TRUE(id.has_value());
    seen.insert(*id);
    pool.give_back(*id);
  }
  EXPECT_LE(seen.size(), 3U);
  EXPECT_EQ(pool.startable(), 2U);
}

TEST(UserPool, LoweringRetiresUsersAsTheirCallsEnd) {
  UserPool pool(4);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(pool.take().has_value());
  }
  pool.set_users(2);
  pool.give_back(4); // 3 still in calls: more than 2, retired
  pool.give_back(3); // 2 in calls: retired
  EXPECT_EQ(pool.startable(), 0U);
  pool.give_back(2); // 1 in call: free again
  EXPECT_EQ(pool.startable(), 1U);
  EXPECT_EQ(pool.take(), 2U);
  // Raising brings the retired ids back before new ones.
  pool.set_users(5);
  std::set<uint32_t> more;
  while (auto id = pool.take()) {
    more.insert(*id);
  }
  EXPECT_TRUE(more.count(3) == 1 && more.count(4) == 1) << "retired users come back";
  EXPECT_EQ(more.size(), 3U); // 5 users, 2 in calls (1 and 2)
}

TEST(UserPool, RaisingPastEveryIdMintsNewOnes) {
  UserPool pool(1);
  ASSERT_EQ(pool.take(), 1U);
  pool.set_users(3);
  auto a = pool.take();
  auto b = pool.take();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(std::set<uint32_t>({*a, *b}), (std::set<uint32_t>{2, 3}));
  EXPECT_FALSE(pool.take().has_value());
}

} // namespace
} // namespace gossipper::runtime
