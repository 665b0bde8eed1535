// The report's media: the table of the summary's `media` when the run
// measured streams, none otherwise; the charts of `media_over_time` when it
// had RTP (rates per interval from the start to the end, the MOS of each
// interval with a break where no stream ended, the largest jitter so far), a
// sentence when its samples are missing, and a malformed series reported
// without a crash and with finite numbers only.
#include "report_media_section.hpp"
#include "report_page.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace gossipper::test {
namespace {
namespace json = boost::json;

json::value pt(double x, double y) { return json::array{x, y}; }

/// A summary of a 3 s run whose media is sampled at 1 s and 2 s.
std::string media_run(const char *points, const char *end = nullptr) {
  std::string text = R"({"schema_version": "gossipper_summary_v1", "duration": 3000000000,
      "media": {"rtp_packets_sent": 150, "streams_measured": 2},
      "media_over_time": {"period_ms": 1000, "points": )";
  text += points;
  if (end != nullptr) {
    text += R"(, "end": )";
    text += end;
  }
  return text + "}}";
}

constexpr const char *kPoints = R"([
    {"t_ms": 1000, "rtp_packets_sent": 50, "rtp_packets_received": 40, "echoed_packets": 0,
     "streams_measured": 0, "packets_expected": 0, "packets_lost": 0, "max_jitter_ms": 0,
     "min_mos": null},
    {"t_ms": 2000, "rtp_packets_sent": 100, "rtp_packets_received": 90, "echoed_packets": 0,
     "streams_measured": 1, "packets_expected": 95, "packets_lost": 5, "max_jitter_ms": 1.5,
     "min_mos": 4.2}])";
constexpr const char *kEnd = R"({"rtp_packets_sent": 150, "rtp_packets_received": 138,
     "echoed_packets": 0, "streams_measured": 2, "packets_expected": 150, "packets_lost": 12,
     "max_jitter_ms": 2.0, "min_mos": 3.9})";

/// Every number of the page's chart data, which must all be finite.
bool all_finite(const json::value &v) {
  if (v.is_double()) {
    return std::isfinite(v.get_double());
  }
  if (v.is_array()) {
    for (const json::value &e : v.get_array()) {
      if (!all_finite(e)) {
        return false;
      }
    }
  }
  if (v.is_object()) {
    for (const auto &[key, e] : v.get_object()) {
      if (!all_finite(e)) {
        return false;
      }
    }
  }
  return true;
}

TEST(ReportMediaSection, TheTableOfARunThatMeasuredStreams) {
  ReportPage page = report_page(summary_with({{"media",
                                               {{"rtp_packets_sent", 500},
                                                {"rtp_packets_received", 490},
                                                {"streams_measured", 2},
                                                {"packets_lost", 10},
                                                {"loss_ratio", 0.025},
                                                {"mos", {{"min", 4.0}, {"p50", 4.41}}},
                                                {"port_busy", 3},
                                                {"send_errors", 0}}}}));
  ASSERT_EQ(page.rc, 0) << page.errors;
  std::string media = page.section("media");
  EXPECT_NE(media.find("<th scope=\"row\">RTP packets received</th><td>490</td>"),
            std::string::npos)
      << media;
  EXPECT_NE(media.find("<td>2.50 %</td>"), std::string::npos);
  EXPECT_NE(media.find("<th scope=\"row\">MOS min</th><td>4.00</td>"), std::string::npos);
  EXPECT_NE(media.find("port_busy"), std::string::npos);
  EXPECT_EQ(media.find("send_errors"), std::string::npos); // zero: not a failure shown
}

TEST(ReportMediaSection, NoTableWithoutAMeasuredStream) {
  for (json::value media :
       {json::value(json::object{{"rtp_packets_sent", 9}, {"streams_measured", 0}}),
        json::value("none"), json::value(nullptr)}) {
    ReportPage page = report_page(summary_with({{"media", media}}));
    EXPECT_EQ(page.rc, 0);
    EXPECT_EQ(page.section("media"), "") << json::serialize(media);
  }
}

TEST(ReportMediaSection, TheMediaOverTimeCharts) {
  ReportPage page = report_page(media_run(kPoints, kEnd));
  ASSERT_EQ(page.rc, 0) << page.errors;
  EXPECT_NE(page.section("media-over-time").find("<h2>Media over time</h2>"), std::string::npos);
  const json::array *sent = page.points("media_packets", "sent/s");
  ASSERT_NE(sent, nullptr) << page.html;
  EXPECT_EQ(*sent, (json::array{pt(0, 50), pt(1, 50), pt(1, 50), pt(2, 50), pt(2, 50), pt(3, 50)}));
  const json::array *received = page.points("media_packets", "received/s");
  ASSERT_NE(received, nullptr);
  EXPECT_EQ(*received,
            (json::array{pt(0, 40), pt(1, 40), pt(1, 50), pt(2, 50), pt(2, 48), pt(3, 48)}));
  EXPECT_EQ(page.points("media_packets", "echoed/s"), nullptr); // nothing echoed
  const json::array *lost = page.points("media_lost", "lost/s");
  ASSERT_NE(lost, nullptr);
  EXPECT_EQ(*lost, (json::array{pt(0, 0), pt(1, 0), pt(1, 5), pt(2, 5), pt(2, 7), pt(3, 7)}));
  // No stream ended in the first second: the MOS line starts at 1 s.
  const json::array *mos = page.points("media_mos", "MOS");
  ASSERT_NE(mos, nullptr);
  EXPECT_EQ(*mos, (json::array{pt(1, 4.2), pt(2, 4.2), pt(2, 3.9), pt(3, 3.9)}));
  const json::array *jitter = page.points("media_jitter", "max jitter");
  ASSERT_NE(jitter, nullptr);
  EXPECT_EQ(*jitter, (json::array{pt(0, 0), pt(1, 0), pt(1, 1.5), pt(2, 1.5), pt(2, 2), pt(3, 2)}));
  // In the page's order, after the media table.
  EXPECT_LT(page.html.find("<section id=\"media\">"), page.html.find("id=\"media-over-time\""));
}

TEST(ReportMediaSection, AnIntervalWithoutAStreamBreaksTheMosLine) {
  ReportPage page = report_page(media_run(R"([
      {"t_ms": 1000, "rtp_packets_sent": 50, "rtp_packets_received": 50, "packets_lost": 0,
       "max_jitter_ms": 0.5, "min_mos": 4.4},
      {"t_ms": 2000, "rtp_packets_sent": 100, "rtp_packets_received": 100, "packets_lost": 0,
       "max_jitter_ms": 0.5, "min_mos": null}])",
                                          kEnd));
  ASSERT_EQ(page.rc, 0) << page.errors;
  const json::array *mos = page.points("media_mos", "MOS");
  ASSERT_NE(mos, nullptr);
  EXPECT_EQ(*mos, (json::array{pt(0, 4.4), pt(1, 4.4), nullptr, pt(2, 3.9), pt(3, 3.9)}));
}

TEST(ReportMediaSection, TheEchoedLineWhenTheRunEchoed) {
  ReportPage page = report_page(media_run(R"([
      {"t_ms": 1000, "rtp_packets_sent": 0, "rtp_packets_received": 20, "echoed_packets": 20,
       "packets_lost": 0, "max_jitter_ms": 0, "min_mos": null}])"));
  ASSERT_EQ(page.rc, 0) << page.errors;
  const json::array *echoed = page.points("media_packets", "echoed/s");
  ASSERT_NE(echoed, nullptr) << page.html;
  EXPECT_EQ(*echoed, (json::array{pt(0, 20), pt(1, 20)})); // no end: up to the last point
  EXPECT_EQ(page.chart("media_mos"), nullptr);
  EXPECT_EQ(page.chart("media_jitter"), nullptr); // no jitter above 0
}

TEST(ReportMediaSection, NoMediaOverTimeWithoutRtp) {
  const char *quiet = R"([{"t_ms": 1000, "rtp_packets_sent": 0, "rtp_packets_received": 0,
                           "echoed_packets": 0, "packets_lost": 0, "min_mos": null}])";
  for (const std::string &summary :
       {std::string(R"({"schema_version": "gossipper_summary_v1", "media": {},
                        "media_over_time": {"points": )") +
            quiet + "}}",
        std::string(R"({"schema_version": "gossipper_summary_v1"})")}) {
    ReportPage page = report_page(summary);
    EXPECT_EQ(page.rc, 0);
    EXPECT_EQ(page.section("media-over-time"), "") << summary;
    EXPECT_EQ(page.chart("media_packets"), nullptr);
  }
}

TEST(ReportMediaSection, ARunWithRtpAndNoSamplesSaysSo) {
  ReportPage page = report_page(summary_with({{"media", {{"rtp_packets_received", 12}}}}));
  ASSERT_EQ(page.rc, 0) << page.errors;
  EXPECT_NE(page.section("media-over-time").find("This summary has no media samples."),
            std::string::npos)
      << page.html;
}

TEST(ReportMediaSection, AMalformedMediaOverTimeIsReportedWithoutACrash) {
  for (const char *bad : {
           R"("every second")",
           R"({"points": {}})",
           R"({"points": [1, "x", null, [], {}]})",
           R"({"points": [{"t_ms": "1000", "rtp_packets_sent": 5}], "end": []})",
           R"({"points": [{"t_ms": 1000, "rtp_packets_sent": "5", "packets_lost": -3,
                           "min_mos": "4.4", "max_jitter_ms": true},
                          {"t_ms": 500, "rtp_packets_sent": 1e400},
                          {"t_ms": 2000, "rtp_packets_sent": 1e308, "min_mos": 1e400}],
               "end": {"rtp_packets_sent": -1e308, "min_mos": {}}})",
       }) {
    std::string summary =
        R"({"schema_version": "gossipper_summary_v1", "duration": 3000000000,
            "media": {"rtp_packets_sent": 9, "streams_measured": "2"},
            "media_over_time": )" +
        std::string(bad) + "}";
    ReportPage page = report_page(summary);
    EXPECT_EQ(page.rc, 0) << bad;
    EXPECT_TRUE(page.written) << bad;
    EXPECT_NE(page.section("media-over-time"), "") << bad; // the run had RTP
    EXPECT_TRUE(all_finite(json::value(page.charts))) << json::serialize(page.charts);
  }
}

} // namespace
} // namespace gossipper::test
