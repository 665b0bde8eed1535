// SIPp's rate rules: the default open-call limit, and -rate_increase's steps
// up to -rate_max.
#include "control/rate_controller.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(RateController, TheDefaultLimitIsThreeTimesTheCallsOfTheLongestWait) {
  RunConfig cfg; // -rp 1000 ms
  // The scenario's pauses (4 s) are longer than -d and 1 s: 3 × 10 × 4.
  EXPECT_EQ(RateController(cfg, 4000).default_call_limit(10), 120U);
  // Shorter pauses: 1 s counts.
  EXPECT_EQ(RateController(cfg, 0).default_call_limit(10), 30U);
  cfg.default_pause_ms = 2000;
  EXPECT_EQ(RateController(cfg, 0).default_call_limit(10), 60U);
  // Never 0.
  EXPECT_EQ(RateController(cfg, 0).default_call_limit(0), 1U);
}

TEST(RateController, TheScenarioLastsItsFixedAndDefaultPauses) {
  test::Compiled c = test::compile(test::scenario(test::kOptionsSend + R"(
    <pause milliseconds="4000"/>
    <pause/>
    <pause distribution="uniform" min="1000" max="9000"/>
    <pause milliseconds="500"/>)"));
  ASSERT_TRUE(c.ok) << (c.diagnostics.empty() ? "" : c.diagnostics[0]);
  // 4000 + -d + 500; a random pause has no fixed length and does not count.
  EXPECT_EQ(pause_total_ms(c.scenario(), 250), 4750U);
  EXPECT_EQ(pause_total_ms(c.scenario(), 0), 4500U);
}

TEST(RateController, StepsEveryIntervalUpToTheMax) {
  RunConfig cfg;
  cfg.rate_increase = 5;
  cfg.rate_interval_s = 2;
  cfg.rate_max = 18;
  RateController rate(cfg, 0);
  ASSERT_TRUE(rate.increases());
  rate.restart(1000);
  EXPECT_EQ(rate.next_step_ms(), 3000U);
  RateController::Step s = rate.step(10, 3000);
  EXPECT_EQ(s.rate, 15);
  EXPECT_FALSE(s.quit);
  EXPECT_EQ(rate.next_step_ms(), 5000U);
  s = rate.step(15, 5000); // past -rate_max: held at it, and the run quits
  EXPECT_EQ(s.rate, 18);
  EXPECT_TRUE(s.quit);
  cfg.no_rate_quit = true;
  EXPECT_FALSE(rate.step(15, 7000).quit);
}

TEST(RateController, AServerOrNoIncreaseDoesNotStep) {
  RunConfig cfg;
  EXPECT_FALSE(RateController(cfg, 0).increases());
  cfg.rate_increase = 1;
  cfg.server_mode = true;
  EXPECT_FALSE(RateController(cfg, 0).increases());
}

} // namespace
} // namespace gossipper::runtime
