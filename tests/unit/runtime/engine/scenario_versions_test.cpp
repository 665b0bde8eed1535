// What may replace a running scenario (POST /api/v1/scenario/apply), and
// how many versions a run keeps.
#include "engine/scenario_versions.hpp"

#include "call_harness.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

std::string uac_with(const std::string &from, const std::string &to) {
  std::string xml = test::builtin_xml("uac");
  size_t at = xml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return xml.replace(at, from.size(), to);
}

std::optional<std::string> conflict(const std::string &next_xml, const char *next_builtin = "uac",
                                    const RunConfig &cfg = test::loopback_config()) {
  test::InterpretedScenario running("uac");
  test::InterpretedScenario next(next_builtin, next_xml);
  return replacement_conflict(running.scenario, next.scenario, cfg);
}

TEST(ScenarioVersions, TheSameShapeWithOtherMessagesFits) {
  EXPECT_EQ(conflict(uac_with("Performance Test", "Version 2")), std::nullopt);
  EXPECT_EQ(conflict(uac_with("  <pause/>", "  <pause/>\n  <pause milliseconds=\"5\"/>")),
            std::nullopt);
}

TEST(ScenarioVersions, WhatShapesTheStatisticsMustStay) {
  auto why = conflict("", "uas");
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("server"), std::string::npos) << *why;
  why = conflict(uac_with(" rtd=\"true\"", ""));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("response times differ"), std::string::npos) << *why;
  why = conflict(uac_with("10, 50, 100, 500", "10, 50, 100, 600"));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("CallLengthRepartition"), std::string::npos) << *why;
  why = conflict("", "uac_media");
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("media actions"), std::string::npos) << *why;
  RunConfig counts = test::loopback_config();
  counts.trace_counts = true;
  why = conflict(uac_with("Performance Test", "Version 2"), "uac", counts);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("-trace_counts"), std::string::npos) << *why;
}

TEST(ScenarioVersions, CountersMustStay) {
  std::string counted = uac_with("<recv response=\"200\" rtd=\"true\"/>",
                                 "<recv response=\"200\" rtd=\"true\" counter=\"answered\"/>");
  auto why = conflict(counted);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("counters differ"), std::string::npos) << *why;
}

TEST(ScenarioVersions, ARunKeepsAtMostItsFixedNumber) {
  test::InterpretedScenario first("uac");
  RunConfig cfg = test::loopback_config();
  ScenarioRun run(cfg, first.scenario, first.table, first.interp.program());
  ScenarioVersions versions(run);
  for (uint32_t v = 1; v < ScenarioVersions::kMax; ++v) {
    auto next =
        std::make_unique<ScenarioRun>(cfg, first.scenario, first.table, first.interp.program());
    Expected<uint32_t> staged = versions.stage(std::move(next), {});
    ASSERT_TRUE(staged);
    EXPECT_EQ(*staged, v);
  }
  auto more =
      std::make_unique<ScenarioRun>(cfg, first.scenario, first.table, first.interp.program());
  EXPECT_FALSE(versions.stage(std::move(more), {}));
  EXPECT_EQ(versions.staged(), ScenarioVersions::kMax - 1);
  EXPECT_EQ(versions.current(), 0U);
}

} // namespace
} // namespace gossipper::runtime
