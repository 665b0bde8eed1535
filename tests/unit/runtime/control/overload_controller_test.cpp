// The overload controller's decisions: what counts as saturation, the cut
// of a saturated window, the steps back up, and -overload_control off.
#include "control/overload_controller.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

constexpr uint64_t kW = OverloadController::kWindowMs;

LoadReading at(uint64_t now, uint64_t lag = 0, int64_t rdrops = 0, uint64_t sdrops = 0) {
  return LoadReading{now, lag, rdrops, sdrops};
}

TEST(OverloadController, AQuietRunIsNeverHeld) {
  OverloadController c(true);
  for (uint64_t t = 0; t < 20 * kW; t += 100) {
    EXPECT_FALSE(c.read(at(1000 + t, 3), 1000));
  }
  EXPECT_FALSE(c.saturated());
  EXPECT_EQ(c.cap(), 0);
  EXPECT_EQ(c.offered(1000), 1000);
  EXPECT_EQ(c.saturated_ms(), 0U);
  EXPECT_EQ(c.cuts(), 0U);
}

TEST(OverloadController, WhatCameBeforeTheFirstReadingIsNotTheLoad) {
  OverloadController c(true);
  // The first reading carries the start's lag and drops: a base, not a sign.
  EXPECT_FALSE(c.read(at(1000, 500, 40, 7), 1000));
  EXPECT_FALSE(c.read(at(1000 + kW, 0, 40, 7), 1000));
  EXPECT_FALSE(c.saturated());
}

TEST(OverloadController, ALateTickCutsTheRateOnceTheWindowCloses) {
  OverloadController c(true);
  c.read(at(0), 1000);
  // Inside the window: nothing decided yet.
  EXPECT_FALSE(c.read(at(kW / 2, OverloadController::kLagLimitMs), 1000));
  EXPECT_EQ(c.cap(), 0);
  EXPECT_TRUE(c.read(at(kW), 1000));
  EXPECT_TRUE(c.saturated());
  EXPECT_EQ(c.reason(), "timer lag 20 ms");
  EXPECT_DOUBLE_EQ(c.cap(), 1000 * OverloadController::kDecrease);
  EXPECT_DOUBLE_EQ(c.offered(1000), 850);
  EXPECT_EQ(c.saturated_ms(), kW);
  EXPECT_EQ(c.cuts(), 1U);
  // A lag under the limit is no sign.
  OverloadController d(true);
  d.read(at(0), 1000);
  EXPECT_FALSE(d.read(at(kW, OverloadController::kLagLimitMs - 1), 1000));
  EXPECT_FALSE(d.saturated());
}

TEST(OverloadController, KernelDropsAreSaturationAndNamed) {
  OverloadController c(true);
  c.read(at(0, 0, 100, 5), 1000);
  EXPECT_TRUE(c.read(at(kW, 0, 130, 5), 1000));
  EXPECT_EQ(c.reason(), "30 datagrams dropped on receive");
  c.read(at(2 * kW, 25, 130, 9), 1000);
  EXPECT_TRUE(c.saturated());
  EXPECT_EQ(c.reason(), "timer lag 25 ms, 4 datagrams dropped on send");
  // Unknown receive drops (-1) count as none.
  OverloadController u(true);
  u.read(at(0, 0, -1), 1000);
  EXPECT_FALSE(u.read(at(kW, 0, -1), 1000));
}

TEST(OverloadController, HandshakesWaitingForTheirPoolAreSaturationAndNamed) {
  OverloadController c(true);
  c.read(at(0), 1000);
  LoadReading waited = at(kW / 2);
  waited.handshake_wait_ms = OverloadController::kLagLimitMs + 5;
  EXPECT_FALSE(c.read(waited, 1000));
  EXPECT_TRUE(c.read(at(kW), 1000));
  EXPECT_TRUE(c.saturated());
  EXPECT_EQ(c.reason(), "TLS handshakes waited 25 ms for the pool");
  EXPECT_EQ(c.cuts(), 1U);
  // The next window starts from nothing: a short wait is no sign.
  LoadReading brief = at(kW + kW / 2);
  brief.handshake_wait_ms = OverloadController::kLagLimitMs - 1;
  c.read(brief, 1000);
  c.read(at(2 * kW), 1000);
  EXPECT_FALSE(c.saturated());
}

TEST(OverloadController, EveryOtherSaturatedWindowCutsThenClearOnesGiveBack) {
  OverloadController c(true);
  const double k = OverloadController::kDecrease;
  c.read(at(0), 1000);
  EXPECT_TRUE(c.read(at(kW, 50), 1000)); // cut
  EXPECT_DOUBLE_EQ(c.cap(), 1000 * k);
  // The next saturated window drains what the cut sent: no second cut yet.
  EXPECT_FALSE(c.read(at(2 * kW, 50), 1000));
  EXPECT_TRUE(c.saturated());
  EXPECT_DOUBLE_EQ(c.cap(), 1000 * k);
  EXPECT_TRUE(c.read(at(3 * kW, 50), 1000)); // cut again
  EXPECT_DOUBLE_EQ(c.cap(), 1000 * k * k);
  EXPECT_DOUBLE_EQ(c.lowest_cap(), 1000 * k * k);
  EXPECT_EQ(c.cuts(), 2U);
  // Clear windows: each a step of kIncrease of the rate the saturation
  // began at (1000), not of the rate it was cut to.
  double held = c.cap();
  EXPECT_TRUE(c.read(at(4 * kW), 1000));
  EXPECT_FALSE(c.saturated());
  EXPECT_DOUBLE_EQ(c.cap(), held + 1000 * OverloadController::kIncrease);
  // Back at the asked rate, the cap goes.
  uint64_t t = 5 * kW;
  for (int i = 0; i < 100 && c.cap() != 0; ++i, t += kW) {
    c.read(at(t), 1000);
  }
  EXPECT_EQ(c.cap(), 0);
  EXPECT_EQ(c.offered(1000), 1000);
  EXPECT_DOUBLE_EQ(c.lowest_cap(), 1000 * k * k); // the run's lowest stays
  EXPECT_EQ(c.saturated_ms(), 3 * kW);
}

TEST(OverloadController, ANewSaturationCutsAtOnceAndClimbsBackByItsOwnRate) {
  OverloadController c(true);
  const double k = OverloadController::kDecrease;
  c.read(at(0), 1000);
  c.read(at(kW, 50), 1000); // 850
  c.read(at(2 * kW), 1000); // clear: 850 + 20
  EXPECT_DOUBLE_EQ(c.cap(), 1000 * k + 20);
  // Saturated again: cut at once (a clear window ended the last one), and
  // the steps back are of the rate this saturation began at.
  EXPECT_TRUE(c.read(at(3 * kW, 50), 1000));
  double began = 1000 * k + 20;
  EXPECT_DOUBLE_EQ(c.cap(), began * k);
  c.read(at(4 * kW), 1000);
  EXPECT_DOUBLE_EQ(c.cap(), began * k + began * OverloadController::kIncrease);
}

TEST(OverloadController, TheCapNeverFallsUnderAHundredthOfTheAskedRate) {
  OverloadController c(true);
  c.read(at(0), 1000);
  for (uint64_t i = 1; i <= 60; ++i) {
    c.read(at(i * kW, 100), 1000);
  }
  EXPECT_DOUBLE_EQ(c.cap(), 10);
}

TEST(OverloadController, ALowerAskedRateIsOfferedAsIs) {
  OverloadController c(true);
  c.read(at(0), 1000);
  c.read(at(kW, 50), 1000); // cap 850
  EXPECT_EQ(c.offered(500), 500);
}

TEST(OverloadController, OffItSaysSoButNeverCaps) {
  OverloadController c(false);
  c.read(at(0), 1000);
  EXPECT_FALSE(c.read(at(kW, 80), 1000));
  EXPECT_TRUE(c.saturated());
  EXPECT_EQ(c.saturated_ms(), kW);
  EXPECT_EQ(c.cap(), 0);
  EXPECT_EQ(c.cuts(), 0U);
  EXPECT_EQ(c.offered(1000), 1000);
}

} // namespace
} // namespace gossipper::runtime
