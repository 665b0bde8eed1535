// -summary_json's series over time: rate_over_time and media_over_time come
// from the same samples (same instants, same period), the media's named as
// in `media`, a point's MOS null when no stream ended in its interval, and
// `end` the run's final media with the MOS of the streams after the last
// point. Without a history, neither series is written.
#include "stats/run_summary.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace gossipper::runtime {
namespace {
namespace json = boost::json;

StatsSnapshot totals(uint64_t calls, uint64_t sent, uint64_t received, uint64_t lost,
                     std::initializer_list<size_t> mos) {
  ir::Scenario scenario;
  StatsSnapshot s = empty_snapshot(scenario);
  s.counters[static_cast<size_t>(Counter::OutgoingCall)] = calls;
  s.media.values[MediaSummary::RtpSent] = sent;
  s.media.values[MediaSummary::RtpReceived] = received;
  s.media.values[MediaSummary::PacketsLost] = lost;
  s.media.values[MediaSummary::PacketsExpected] = received + lost;
  s.media.values[MediaSummary::MaxJitterUs] = 2500;
  s.media.mos.assign(MediaSummary::kMosBuckets, 0);
  for (size_t b : mos) {
    ++s.media.mos[b];
    ++s.media.values[MediaSummary::StreamsMeasured];
  }
  return s;
}

json::object summary(const RunHistory *history, const StatsSnapshot &end) {
  RunConfig config;
  ir::Scenario scenario;
  SummaryInput in;
  in.config = &config;
  in.scenario = &scenario;
  in.totals = &end;
  in.history = history;
  return json::parse(run_summary_json(in)).as_object();
}

TEST(RunSummary, MediaOverTimeHasTheRatesInstants) {
  RunHistory h;
  h.sample(100, totals(1, 0, 0, 0, {}));
  h.sample(1100, totals(6, 50, 48, 0, {}));
  h.sample(2100, totals(11, 100, 96, 3, {341, 150}));
  json::object s = summary(&h, totals(12, 110, 105, 4, {341, 150, 200}));

  const json::object &rate = s.at("rate_over_time").as_object();
  const json::object &media = s.at("media_over_time").as_object();
  EXPECT_EQ(media.at("period_ms"), rate.at("period_ms"));
  const json::array &points = media.at("points").as_array();
  const json::array &rate_points = rate.at("points").as_array();
  ASSERT_EQ(points.size(), 3U);
  ASSERT_EQ(rate_points.size(), 3U);
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].at("t_ms"), rate_points[i].at("t_ms"));
  }
  const json::object &third = points[2].as_object();
  EXPECT_EQ(third.at("t_ms").to_number<uint64_t>(), 2100U);
  EXPECT_EQ(third.at("rtp_packets_sent").to_number<uint64_t>(), 100U);
  EXPECT_EQ(third.at("rtp_packets_received").to_number<uint64_t>(), 96U);
  EXPECT_EQ(third.at("echoed_packets").to_number<uint64_t>(), 0U);
  EXPECT_EQ(third.at("streams_measured").to_number<uint64_t>(), 2U);
  EXPECT_EQ(third.at("packets_expected").to_number<uint64_t>(), 99U);
  EXPECT_EQ(third.at("packets_lost").to_number<uint64_t>(), 3U);
  EXPECT_DOUBLE_EQ(third.at("max_jitter_ms").to_number<double>(), 2.5);
  EXPECT_DOUBLE_EQ(third.at("min_mos").to_number<double>(), 2.50);
  EXPECT_TRUE(points[1].at("min_mos").is_null());

  const json::object &end = media.at("end").as_object();
  EXPECT_FALSE(end.contains("t_ms"));
  EXPECT_EQ(end.at("rtp_packets_sent").to_number<uint64_t>(), 110U);
  EXPECT_EQ(end.at("packets_lost").to_number<uint64_t>(), 4U);
  EXPECT_DOUBLE_EQ(end.at("min_mos").to_number<double>(), 3.00); // only the stream after 2100
}

TEST(RunSummary, NoHistoryNoSeries) {
  json::object s = summary(nullptr, totals(1, 0, 0, 0, {}));
  EXPECT_FALSE(s.contains("rate_over_time"));
  EXPECT_FALSE(s.contains("media_over_time"));
  EXPECT_TRUE(s.contains("media"));
}

} // namespace
} // namespace gossipper::runtime
