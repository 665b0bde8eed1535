// SIPp's quit levels as states: soft, graceful, aborting.
#include "control/quit_state.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(QuitState, QTwiceAborts) {
  QuitState q;
  EXPECT_FALSE(q.quitting());
  q.graceful();
  EXPECT_EQ(q.level(), QuitLevel::Graceful);
  q.graceful();
  EXPECT_TRUE(q.aborting());
}

TEST(QuitState, QAfterASoftQuitIsGraceful) {
  // SIPp: -m reached (1) then q (+10) is 11, which does not abort; a second
  // q (21) does.
  QuitState q;
  q.soft();
  EXPECT_EQ(q.level(), QuitLevel::Soft);
  q.graceful();
  EXPECT_EQ(q.level(), QuitLevel::Graceful);
  q.graceful();
  EXPECT_EQ(q.level(), QuitLevel::Aborting);
}

TEST(QuitState, ASoftQuitNeverLowersTheLevel) {
  QuitState q;
  q.abort();
  q.soft();
  EXPECT_EQ(q.level(), QuitLevel::Aborting);
  QuitState g;
  g.graceful();
  g.soft();
  EXPECT_EQ(g.level(), QuitLevel::Graceful);
}

} // namespace
} // namespace gossipper::runtime
