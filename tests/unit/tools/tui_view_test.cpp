#include "tui_view.hpp"

#include <boost/json.hpp>

#include <gtest/gtest.h>

using namespace gossipper::tools;

namespace {

TuiDashboard sample() {
  TuiDashboard d;
  d.source = "run1 (pid 7)";
  d.stats = boost::json::parse(R"({"schema":"gossipper_stats_v1","scenario":"uac",
    "elapsed_ms":4500,"status":{"rate":10,"rate_period_ms":1000,"call_limit":30,
    "paused":false,"quitting":"running"},
    "calls":{"created":45,"open":1,"successful":44,"failed":0,"rate_cps":10},
    "response_times":[{"name":"1","count":44,"p50_ms":2.21,"p90_ms":2.27,"p99_ms":3.23}],
    "messages":[{"kind":"send","label":"INVITE","sent":45},
                {"kind":"recv","label":"200","received":44}],
    "media":{"rtp_packets_sent":0}})")
                .as_object();
  for (int i = 0; i < 5; ++i) {
    d.points.push_back({static_cast<double>(i), 1, 0, 2, 3});
  }
  return d;
}

} // namespace

TEST(TuiView, SparklinesScaleToTheirMaximumAndKeepGaps) {
  EXPECT_EQ(sparkline({0, 1, 2, 3, 4, 5, 6, 7}, 8, false), "_.-:=+*#");
  EXPECT_EQ(sparkline({0, 7}, 8, true), "▁█");
  EXPECT_EQ(sparkline({1, -1, 1}, 8, false), "# #");
  EXPECT_EQ(sparkline({7, 0, 7, 7}, 2, false), "##"); // the newest `width` values
  EXPECT_EQ(sparkline({}, 5, true), "");
}

TEST(TuiView, TheDashboardFillsTheScreenExactly) {
  for (auto [w, h] : {std::pair{80, 24}, std::pair{132, 50}}) {
    std::vector<TuiLine> lines = dashboard_lines(sample(), w, h, true);
    ASSERT_EQ(lines.size(), static_cast<size_t>(h));
    for (const TuiLine &l : lines) {
      EXPECT_EQ(columns(l.text), static_cast<size_t>(w)) << l.text;
    }
    EXPECT_NE(lines.front().text.find("uac - run1 (pid 7) - running - 4.5 s - rate 10 per 1 s"),
              std::string::npos);
    EXPECT_NE(lines.back().text.find("p pause"), std::string::npos);
  }
}

TEST(TuiView, TheStatusLineSaysWhenTheRunIsSaturated) {
  TuiDashboard d = sample();
  d.stats["status"].as_object()["saturation"] =
      boost::json::parse(R"({"saturated":true,"reason":"timer lag 35 ms","offered_rate":8.5})");
  std::vector<TuiLine> lines = dashboard_lines(d, 132, 30, false);
  EXPECT_NE(lines.front().text.find(
                "rate 10 per 1 s, limit 30 - saturated: timer lag 35 ms, offering 8.5"),
            std::string::npos)
      << lines.front().text;
  d.ended = true; // an ended run is not saturated
  lines = dashboard_lines(d, 132, 30, false);
  EXPECT_EQ(lines.front().text.find("saturated"), std::string::npos);
}

TEST(TuiView, TheFiguresAndTheMessageTableShow) {
  std::vector<TuiLine> lines = dashboard_lines(sample(), 100, 30, false);
  std::string all;
  for (const TuiLine &l : lines) {
    all += l.text + "\n";
  }
  EXPECT_NE(all.find("created 45"), std::string::npos);
  EXPECT_NE(all.find("successful 44"), std::string::npos);
  EXPECT_NE(all.find("p99     3.23"), std::string::npos);
  EXPECT_NE(all.find("INVITE -->"), std::string::npos);
  EXPECT_NE(all.find("200 <--"), std::string::npos);
  EXPECT_EQ(all.find("Media"), std::string::npos); // no media ran
  EXPECT_EQ(all.find("▁"), std::string::npos);     // ASCII asked
}

TEST(TuiView, AnEndedRunSaysSoAndOffersOnlyLeaving) {
  TuiDashboard d = sample();
  d.ended = true;
  d.note = "the run ended, exit 0; q leaves";
  std::vector<TuiLine> lines = dashboard_lines(d, 80, 24, true);
  EXPECT_NE(lines.front().text.find("ENDED"), std::string::npos);
  EXPECT_EQ(lines[22].text.substr(0, 30), "the run ended, exit 0; q leave");
  EXPECT_EQ(lines.back().text.substr(0, 7), "q leave");
}
