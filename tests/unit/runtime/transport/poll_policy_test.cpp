// When a socket leaves the reactor to be read on the tick, and comes back.
#include "transport/poll_policy.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(PollPolicy, ThreeWakeUpsInAMillisecondMeanPolling) {
  PollPolicy p;
  EXPECT_FALSE(p.busy(10, 1));
  EXPECT_FALSE(p.busy(10, 1));
  EXPECT_TRUE(p.busy(10, 1));
  // A new millisecond counts afresh.
  PollPolicy q;
  EXPECT_FALSE(q.busy(10, 1));
  EXPECT_FALSE(q.busy(10, 1));
  EXPECT_FALSE(q.busy(11, 1));
}

TEST(PollPolicy, ABurstMeansPollingAtOnce) {
  PollPolicy p;
  EXPECT_TRUE(p.busy(10, PollPolicy::kMessagesBeforePolling));
  PollPolicy q;
  EXPECT_FALSE(q.busy(10, 5));
  EXPECT_TRUE(q.busy(10, 3));
}

TEST(PollPolicy, EightIdleTicksMeanWaitingAgain) {
  PollPolicy p;
  ASSERT_TRUE(p.busy(10, 100));
  for (unsigned i = 1; i < PollPolicy::kIdleTicksBeforeWaiting; ++i) {
    EXPECT_FALSE(p.idle(0)) << i;
  }
  EXPECT_FALSE(p.idle(4)); // traffic: the count starts again
  for (unsigned i = 1; i < PollPolicy::kIdleTicksBeforeWaiting; ++i) {
    EXPECT_FALSE(p.idle(0)) << i;
  }
  EXPECT_TRUE(p.idle(0));
}

} // namespace
} // namespace gossipper::runtime
