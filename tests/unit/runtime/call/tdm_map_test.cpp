// SIPp's -tdmmap circuit table.
#include "gossipper/runtime/tdm_map.hpp"

#include <gtest/gtest.h>

#include <set>

namespace gossipper::runtime {
namespace {

TEST(TdmMap, ParsesSippsFormAndRendersXHYZ) {
  auto m = TdmMap::parse("{0-3}{99}{5-8}{1-31}");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->size(), 4U * 4U * 31U);
  EXPECT_EQ(m->render(0), "0.99.5/1");
  EXPECT_EQ(m->render(1), "0.99.5/2");   // z varies fastest
  EXPECT_EQ(m->render(31), "0.99.6/1");  // then y
  EXPECT_EQ(m->render(124), "1.99.5/1"); // then x
  for (const char *bad :
       {"", "{0-3}{99}{5-8}", "{3-0}{99}{5-8}{1-31}", "{0-3}{99}{5-8}{1-31}x", "0-3,99,5-8,1-31"}) {
    EXPECT_FALSE(TdmMap::parse(bad)) << bad;
  }
}

TEST(TdmMap, EveryCircuitOnceThenCongestion) {
  auto m = TdmMap::parse("{0-0}{1}{0-1}{0-1}");
  ASSERT_TRUE(m);
  std::set<uint32_t> taken;
  for (int i = 0; i < 4; ++i) {
    auto c = m->take(7);
    ASSERT_TRUE(c);
    taken.insert(*c);
  }
  EXPECT_EQ(taken.size(), 4U);
  EXPECT_FALSE(m->take(0));
  m->give_back(2);
  EXPECT_EQ(m->take(0), 2U);
}

} // namespace
} // namespace gossipper::runtime
