// SegmentGroups: which datagrams of a batch leave as one segmented send —
// one peer, one size, at most the kernel's limits — with every call's
// datagrams still in their order.
#include "transport/segment_groups.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>

#include <map>
#include <random>
#include <vector>

namespace gossipper::runtime {
namespace {

sockaddr_storage peer(uint16_t port) {
  sockaddr_storage s{};
  auto *in = reinterpret_cast<sockaddr_in *>(&s);
  in->sin_family = AF_INET;
  in->sin_port = htons(port);
  in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return s;
}

const sockaddr_storage kA = peer(5060);
const sockaddr_storage kB = peer(5070);

SegmentItem item(size_t length, uint64_t call, const sockaddr_storage &to = kA) {
  return SegmentItem{length, &to, sizeof(sockaddr_in), call};
}

/// The items' indices group by group, as [[...], [...]].
std::vector<std::vector<uint32_t>> grouped(const SegmentGroups &g) {
  std::vector<std::vector<uint32_t>> out;
  for (const SegmentGroups::Group &group : g.groups()) {
    out.emplace_back(g.order().begin() + static_cast<long>(group.first),
                     g.order().begin() + static_cast<long>(group.first + group.count));
  }
  return out;
}

TEST(SegmentGroups, DatagramsOfOneSizeForOnePeerLeaveTogether) {
  std::vector<SegmentItem> items{item(500, 1), item(500, 2), item(500, 3), item(500, 4)};
  SegmentGroups g;
  g.build(items, SegmentGroups::kMaxBytes);
  EXPECT_EQ(grouped(g), (std::vector<std::vector<uint32_t>>{{0, 1, 2, 3}}));
  EXPECT_EQ(g.groups()[0].length, 500U);
}

TEST(SegmentGroups, AnotherSizeOrAnotherPeerIsAnotherGroup) {
  std::vector<SegmentItem> items{item(500, 1), item(501, 2), item(500, 3, kB), item(500, 4),
                                 item(501, 5)};
  SegmentGroups g;
  g.build(items, SegmentGroups::kMaxBytes);
  EXPECT_EQ(grouped(g), (std::vector<std::vector<uint32_t>>{{0, 3}, {1, 4}, {2}}));
}

TEST(SegmentGroups, EachCallsResponsesGroupWithTheOthersInTheirOrder) {
  // Calls 1 and 2 each answer 180 (300 bytes), then 200 (700 bytes).
  std::vector<SegmentItem> items{item(300, 1), item(700, 1), item(300, 2), item(700, 2)};
  SegmentGroups g;
  g.build(items, SegmentGroups::kMaxBytes);
  EXPECT_EQ(grouped(g), (std::vector<std::vector<uint32_t>>{{0, 2}, {1, 3}}));
}

TEST(SegmentGroups, ADatagramNeverOvertakesItsCallsEarlierOne) {
  // Call 2's 200 first, then call 1's 180 and 200: call 1's 200 would
  // leave before its 180 in call 2's group, so it starts a group of its own.
  std::vector<SegmentItem> items{item(700, 2), item(300, 1), item(700, 1)};
  SegmentGroups g;
  g.build(items, SegmentGroups::kMaxBytes);
  EXPECT_EQ(grouped(g), (std::vector<std::vector<uint32_t>>{{0}, {1}, {2}}));
}

TEST(SegmentGroups, AGroupStaysWithinTheKernelsLimits) {
  std::vector<SegmentItem> items;
  for (uint64_t i = 0; i < SegmentGroups::kMaxSegments + 6; ++i) {
    items.push_back(item(100, i));
  }
  items.push_back(item(40000, 1000));
  items.push_back(item(40000, 1001)); // two would pass 65,000 bytes
  SegmentGroups g;
  g.build(items, SegmentGroups::kMaxBytes);
  ASSERT_EQ(g.groups().size(), 4U);
  EXPECT_EQ(g.groups()[0].count, SegmentGroups::kMaxSegments);
  EXPECT_EQ(g.groups()[1].count, 6U);
  EXPECT_EQ(g.groups()[2].count, 1U);
  EXPECT_EQ(g.groups()[3].count, 1U);
}

TEST(SegmentGroups, DatagramsAboveTheLargestSegmentLeaveAlone) {
  std::vector<SegmentItem> items{item(1500, 1), item(1500, 2), item(400, 3), item(400, 4)};
  SegmentGroups g;
  g.build(items, 1400);
  EXPECT_EQ(grouped(g), (std::vector<std::vector<uint32_t>>{{0}, {1}, {2, 3}}));
}

TEST(SegmentGroups, NoSegmentAskedLeavesEveryDatagramAloneInItsOrder) {
  std::vector<SegmentItem> items{item(500, 1), item(500, 2), item(300, 1)};
  SegmentGroups g;
  g.build(items, 0);
  EXPECT_EQ(grouped(g), (std::vector<std::vector<uint32_t>>{{0}, {1}, {2}}));
}

TEST(SegmentGroups, AnyBatchKeepsEveryCallsOrderAndEveryGroupsRules) {
  std::mt19937 random(7);
  SegmentGroups g;
  for (int round = 0; round < 500; ++round) {
    std::vector<SegmentItem> items;
    size_t n = 1 + random() % 200;
    for (size_t i = 0; i < n; ++i) {
      items.push_back(item(100 + random() % 4 * 100, random() % 12, random() % 3 ? kA : kB));
    }
    g.build(items, 300);
    std::vector<bool> seen(n);
    std::map<uint64_t, uint32_t> last; // per call: the last index seen
    for (const SegmentGroups::Group &group : g.groups()) {
      ASSERT_LE(group.count, SegmentGroups::kMaxSegments);
      ASSERT_LE(group.count * group.length, SegmentGroups::kMaxBytes);
      ASSERT_TRUE(group.count == 1 || group.length <= 300);
      for (uint32_t k = 0; k < group.count; ++k) {
        uint32_t i = g.order()[group.first + k];
        ASSERT_FALSE(seen[i]);
        seen[i] = true;
        ASSERT_EQ(items[i].length, group.length);
        ASSERT_EQ(items[i].to, items[group.item].to);
        auto before = last.find(items[i].call);
        ASSERT_TRUE(before == last.end() || before->second < i) << "call order broken";
        last[items[i].call] = i;
      }
    }
    ASSERT_EQ(std::count(seen.begin(), seen.end(), true), static_cast<long>(n));
  }
}

} // namespace
} // namespace gossipper::runtime
