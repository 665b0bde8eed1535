// gossipper report on summaries given as text: the call rate chart from
// rate_over_time (its first interval from the start, its last to the end),
// a malformed rate_over_time reported without its chart, and files that are
// not summaries refused with exit 1 and no page.
#include "report_command.hpp"
#include "report_page.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::test {
namespace {
namespace json = boost::json;

json::value pt(double x, double y) { return json::array{x, y}; }

TEST(ReportCommand, TheCallRateFromStartToEnd) {
  ReportPage page = report_page(summary_with(
      {{"duration", 3000000000},
       {"total_calls", 40},
       {"failed_calls", 2},
       {"rate_over_time",
        {{"period_ms", 1000},
         {"points",
          json::array{json::object{{"t_ms", 1000}, {"total_calls", 10}, {"failed_calls", 0}},
                      json::object{{"t_ms", 2000}, {"total_calls", 30}, {"failed_calls", 1}}}}}}}));
  ASSERT_EQ(page.rc, 0) << page.errors;
  const json::array *calls = page.points("rate", "calls/s");
  ASSERT_NE(calls, nullptr) << page.html;
  EXPECT_EQ(*calls,
            (json::array{pt(0, 10), pt(1, 10), pt(1, 20), pt(2, 20), pt(2, 10), pt(3, 10)}));
  const json::array *failed = page.points("rate", "failed calls/s");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(*failed, (json::array{pt(0, 0), pt(1, 0), pt(1, 1), pt(2, 1), pt(2, 1), pt(3, 1)}));
  EXPECT_NE(page.html.find("<div class=\"chart-slot\" id=\"chart-0\">"), std::string::npos);
}

TEST(ReportCommand, AMalformedRateOverTimeIsReportedWithoutItsChart) {
  for (const char *bad : {
           R"("every second")",
           R"({"points": {}})",
           R"({"points": [1, "x", null, []]})",
           R"({"points": [{"t_ms": "1000", "total_calls": 1, "failed_calls": 0},
                          {"t_ms": 1000, "total_calls": 1},
                          {"t_ms": 1e400, "total_calls": 1, "failed_calls": 0}]})",
       }) {
    // As text: Boost.JSON would write the 1e400 it reads (infinity) as
    // "Infinity", which is not JSON.
    ReportPage page =
        report_page(std::string(R"({"schema_version": "gossipper_summary_v1", "total_calls": 3,
                        "rate_over_time": )") +
                    bad + "}");
    EXPECT_EQ(page.rc, 0) << bad;
    EXPECT_EQ(page.chart("rate"), nullptr) << bad;
    EXPECT_NE(page.section("rate").find("This summary has no call rate samples."),
              std::string::npos)
        << bad;
    EXPECT_NE(page.section("overview").find("Total calls"), std::string::npos);
  }
}

TEST(ReportCommand, NotASummaryIsRefused) {
  for (const char *text : {"", "[]", "{\"schema_version\": \"gossipper_summary_v0\"}", "{"}) {
    ReportPage page = report_page(text);
    EXPECT_EQ(page.rc, 1) << text;
    EXPECT_FALSE(page.written) << text;
    EXPECT_NE(page.errors.find("summary.json"), std::string::npos) << page.errors;
  }
}

} // namespace
} // namespace gossipper::test
