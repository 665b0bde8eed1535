// The report's lines over time: each interval between two samples drawn flat
// at its rate or its end sample's value, out-of-order samples skipped, an
// absent or infinite value breaking the line.
#include "report_over_time.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace gossipper::tools::report {
namespace {
namespace json = boost::json;

/// A point of a line: numbers as the report writes them, doubles.
json::value pt(double x, double y) { return json::array{x, y}; }

json::array pts(std::initializer_list<std::pair<double, double>> xy) {
  json::array a;
  for (auto [x, y] : xy) {
    a.push_back(json::array{x, y});
  }
  return a;
}

TEST(ReportOverTime, ARateIsDrawnFlatAcrossItsInterval) {
  std::vector<Sample> s{{0, {0.0}}, {1000, {10.0}}, {3000, {50.0}}};
  EXPECT_EQ(rate_line(s, 0), pts({{0, 10}, {1, 10}, {1, 20}, {3, 20}}));
}

TEST(ReportOverTime, ASampleOutOfOrderIsSkipped) {
  // 1500 comes after 2000: the interval after 2000 is measured from it.
  std::vector<Sample> s{
      {0, {0.0}}, {2000, {20.0}}, {1500, {999.0}}, {2000, {999.0}}, {4000, {40.0}}};
  EXPECT_EQ(rate_line(s, 0), pts({{0, 10}, {2, 10}, {2, 10}, {4, 10}}));
}

TEST(ReportOverTime, AFallingTotalHasNoNegativeRate) {
  std::vector<Sample> s{{0, {50.0}}, {1000, {10.0}}};
  EXPECT_EQ(rate_line(s, 0), pts({{0, 0}, {1, 0}}));
}

TEST(ReportOverTime, AnAbsentValueBreaksTheLineOnce) {
  std::vector<Sample> s{
      {0, {1.0}}, {1000, {2.0}}, {2000, {std::nullopt}}, {3000, {3.0}}, {4000, {5.0}}};
  // Neither interval next to the sample at 2000 has a rate: one break.
  EXPECT_EQ(rate_line(s, 0), (json::array{pt(0, 1), pt(1, 1), nullptr, pt(3, 2), pt(4, 2)}));
  // The value at an interval's end: only the one ending at 2000 is absent.
  EXPECT_EQ(end_value_line(s, 0),
            (json::array{pt(0, 2), pt(1, 2), nullptr, pt(2, 3), pt(3, 3), pt(3, 5), pt(4, 5)}));
}

TEST(ReportOverTime, ALineNeitherStartsNorEndsWithABreak) {
  std::vector<Sample> s{{0, {std::nullopt}}, {1000, {2.0}}, {2000, {std::nullopt}}};
  EXPECT_EQ(end_value_line(s, 0), pts({{0, 2}, {1, 2}}));
  std::vector<Sample> none{{0, {std::nullopt}}, {1000, {std::nullopt}}};
  EXPECT_TRUE(end_value_line(none, 0).empty());
  std::vector<Sample> mid{{0, {1.0}}, {1000, {1.0}}, {2000, {std::nullopt}}, {3000, {1.0}}};
  EXPECT_EQ(end_value_line(mid, 0), (json::array{pt(0, 1), pt(1, 1), nullptr, pt(2, 1), pt(3, 1)}));
}

TEST(ReportOverTime, AnInfiniteRateIsAbsent) {
  // Two samples a denormal apart: the rate overflows.
  double tiny = std::numeric_limits<double>::denorm_min();
  std::vector<Sample> s{{0, {0.0}}, {tiny, {1e300}}, {1000, {1e300}}};
  json::array line = rate_line(s, 0);
  ASSERT_FALSE(line.empty());
  for (const json::value &p : line) {
    ASSERT_TRUE(p.is_array());
    EXPECT_TRUE(std::isfinite(p.as_array()[1].to_number<double>()));
  }
}

TEST(ReportOverTime, AFigureTheSamplesDoNotHaveIsAbsent) {
  std::vector<Sample> s{{0, {1.0}}, {1000, {2.0}}};
  EXPECT_TRUE(rate_line(s, 3).empty());
  EXPECT_TRUE(end_value_line(s, 3).empty());
  EXPECT_TRUE(rate_line({}, 0).empty());
  EXPECT_TRUE(rate_line({{0, {1.0}}}, 0).empty());
}

} // namespace
} // namespace gossipper::tools::report
