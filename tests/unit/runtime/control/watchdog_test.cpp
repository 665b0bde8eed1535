// SIPp's watchdog rules, with the clock given; and the [dynamic_id] counter.
#include "call/dynamic_id.hpp"
#include "control/watchdog.hpp"

#include <gtest/gtest.h>

using gossipper::runtime::DynamicIdCounter;
using gossipper::runtime::Watchdog;
using gossipper::runtime::WatchdogOptions;

TEST(Watchdog, OnTimeFiringsTripNothing) {
  Watchdog w{WatchdogOptions{}};
  EXPECT_FALSE(w.due(1000, 1399));
  EXPECT_TRUE(w.due(1000, 1400));
  Watchdog::Findings f = w.fire(1000, 1500); // 500 is not past the minor threshold
  EXPECT_FALSE(f.minor_trip || f.major_trip);
  EXPECT_TRUE(f.warnings.empty() && f.fatal.empty());
}

TEST(Watchdog, LateFiringsTripMinorThenMajorAndEndTheRunPastTheirLimit) {
  WatchdogOptions o;
  o.minor_maxtriggers = 1;
  Watchdog w{o};
  Watchdog::Findings f = w.fire(1000, 1501);
  EXPECT_TRUE(f.minor_trip);
  ASSERT_EQ(f.warnings.size(), 1U);
  EXPECT_EQ(f.warnings[0],
            "Overload warning: the minor watchdog timer 500ms has been tripped (501), 0 trips "
            "remaining.");
  EXPECT_TRUE(f.fatal.empty());
  f = w.fire(1501, 5000);
  EXPECT_TRUE(f.major_trip && !f.minor_trip);
  EXPECT_TRUE(f.fatal.empty());
  f = w.fire(5000, 5600);
  EXPECT_EQ(f.fatal, "Overload error: the watchdog timer has tripped the minor threshold of 500ms "
                     "too many times (2 out of 1 allowed) (1 out of 10 major 3000ms timeouts "
                     "tripped)");
}

TEST(Watchdog, AHoldUpSeenByTwoThreadsCountsOnce) {
  Watchdog w{WatchdogOptions{}};
  EXPECT_TRUE(w.fire(1000, 2000).minor_trip);
  EXPECT_FALSE(w.fire(1001, 2001).minor_trip); // the other thread, same stop
  EXPECT_TRUE(w.fire(2000, 3000).minor_trip);  // a new hold-up
}

TEST(Watchdog, TripCountsResetAfterAQuietPeriod) {
  WatchdogOptions o;
  o.reset_ms = 10000;
  Watchdog w{o};
  ASSERT_TRUE(w.fire(1000, 2000).minor_trip);
  Watchdog::Findings f = w.fire(11900, 12001);
  ASSERT_EQ(f.warnings.size(), 1U);
  EXPECT_EQ(f.warnings[0], "Resetting watchdog timer trigger counts, as it has not been triggered "
                           "in over 10001ms.");
}

TEST(DynamicId, StepsFromTheStartAndRestartsPastTheMaximum) {
  DynamicIdCounter ids(5, 21, 4);
  std::vector<int64_t> got;
  for (int i = 0; i < 7; ++i) {
    got.push_back(ids.take());
  }
  EXPECT_EQ(got, (std::vector<int64_t>{5, 9, 13, 17, 21, 5, 9}));
}
