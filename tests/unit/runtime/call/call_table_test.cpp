// The open-call and dead-call tables: lookups by Call-ID through growth and
// removals (backward shifts in the middle of probe runs).
#include "call/call_table.hpp"

#include <gtest/gtest.h>

#include <malloc.h>
#include <set>
#include <string>

namespace gossipper::runtime {
namespace {

std::unique_ptr<Call> call_named(const std::string &id) {
  auto c = std::make_unique<Call>();
  c->id = id;
  return c;
}

TEST(CallTable, FindsEveryCallThroughGrowthAndRemovals) {
  CallTable t;
  std::set<std::string> open;
  for (int i = 0; i < 5000; ++i) {
    std::string id = std::to_string(i) + "-4242@127.0.0.1";
    t.insert(call_named(id));
    open.insert(id);
  }
  // Remove every third call, found by pointer.
  for (int i = 0; i < 5000; i += 3) {
    std::string id = std::to_string(i) + "-4242@127.0.0.1";
    Call *c = t.find(id);
    ASSERT_NE(c, nullptr) << id;
    std::unique_ptr<Call> owned = t.take(c);
    ASSERT_EQ(owned.get(), c);
    open.erase(id);
  }
  EXPECT_EQ(t.size(), open.size());
  for (int i = 0; i < 5000; ++i) {
    std::string id = std::to_string(i) + "-4242@127.0.0.1";
    Call *c = t.find(id);
    EXPECT_EQ(c != nullptr, open.contains(id)) << id;
    if (c != nullptr) {
      EXPECT_EQ(c->id, id);
    }
  }
  size_t seen = 0;
  t.for_each([&](Call &c) {
    EXPECT_TRUE(open.contains(c.id));
    ++seen;
  });
  EXPECT_EQ(seen, open.size());
  EXPECT_FALSE(t.contains("nobody"));
  Call stranger;
  stranger.id = "5-4242@127.0.0.1";
  EXPECT_EQ(t.take(&stranger), nullptr); // same id, another call: not ours
}

TEST(DeadCallTable, ForgetsCallsWhenTheirTimeEndsUnlessALateMessageExtendedIt) {
  DeadCallTable t;
  for (int i = 0; i < 3000; ++i) {
    t.add("dead-" + std::to_string(i), 1000 + static_cast<uint64_t>(i));
  }
  EXPECT_TRUE(t.contains("dead-0"));
  EXPECT_TRUE(t.extend("dead-1", 50000)); // a late message
  EXPECT_FALSE(t.extend("alive", 50000));
  t.expire(2000); // 0..999 are over, but dead-1 was extended
  EXPECT_FALSE(t.contains("dead-0"));
  EXPECT_TRUE(t.contains("dead-1"));
  EXPECT_FALSE(t.contains("dead-999"));
  EXPECT_TRUE(t.contains("dead-1000"));
  EXPECT_TRUE(t.contains("dead-2999"));
  EXPECT_EQ(t.size(), 2001U);
  t.expire(10000);
  EXPECT_EQ(t.size(), 1U);
  t.expire(60000);
  EXPECT_EQ(t.size(), 0U);
  EXPECT_FALSE(t.contains("dead-1"));
}

// A soak at 5,000 calls/s with SIPp's 33 s -deadcall_wait: the uas's RSS
// grew for minutes, because every slot a dead call had used kept its
// Call-ID's buffer after the call expired. Long Call-IDs (SIPp's form is
// longer than a string's inline capacity) through the same table, round
// after round: once the table has its size, the heap in use stays put.
TEST(DeadCallTable, AnExpiredCallIdsMemoryIsFreed) {
  DeadCallTable t;
  auto round = [&t](int r) {
    for (int i = 0; i < 1000; ++i) {
      t.add(std::to_string(r * 1000 + i) + "-4242@127.0.0.1-a-long-call-id",
            static_cast<uint64_t>(r));
    }
    t.expire(static_cast<uint64_t>(r) + 1);
    ASSERT_EQ(t.size(), 0U);
  };
  // The arrays grow to their size for 1,000 calls (64 of them: a round
  // that puts more in one than any before may still double it, 4 KB).
  for (int r = 0; r < 5; ++r) {
    round(r);
  }
  const size_t in_use = mallinfo2().uordblks;
  for (int r = 5; r < 25; ++r) {
    round(r);
  }
  // Before, about 40 KB more each round: each used slot kept its 64 bytes.
  EXPECT_LT(mallinfo2().uordblks, in_use + 16384);
}

} // namespace
} // namespace gossipper::runtime
