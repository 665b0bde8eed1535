// gossipper summary merge: summaries written by run_summary_json from real
// shard statistics, merged, against the summary of one process that saw
// every value: the series (histogram, percentiles, average, deviation,
// buckets) must be the same object; totals add; the series over time are
// aligned by each shard's start; each refusal names its file and place.
#include "gossipper/runtime/exit_code.hpp"
#include "gossipper/runtime/summary_merge.hpp"
#include "stats/media_counters.hpp"
#include "stats/run_summary.hpp"
#include "stats/stats.hpp"
#include "stats/summary_reading.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {
namespace json = boost::json;

constexpr uint64_t kT0 = 1'700'000'000'000'000; // µs since the epoch

ir::Scenario scenario() {
  ir::Scenario s;
  ir::Rtd rtd;
  rtd.name = "1";
  s.rtds.push_back(rtd);
  s.counters = {"retries"};
  s.response_time_repartition.bounds_ms = {10, 100};
  s.call_length_repartition.bounds_ms = {1000};
  return s;
}

struct Shard {
  uint32_t index = 0, count = 2;
  std::string run_id = "a1";
  std::string scenario = "uac";
  uint64_t started_us = kT0, finished_us = kT0 + 10'000'000;
  std::vector<uint64_t> rtd_us, length_us;
  std::vector<double> mos;
  uint64_t success = 0, failed = 0, retries = 0;
  const RunHistory *history = nullptr;
  std::optional<double> min_calls;
};

StatsSnapshot snapshot(const Shard &r) {
  ir::Scenario sc = scenario();
  Stats st(sc);
  for (uint64_t us : r.rtd_us) {
    st.rtd[0].record(us, sc.response_time_repartition.bounds_ms);
  }
  for (uint64_t us : r.length_us) {
    st.call_length.record(us, sc.call_length_repartition.bounds_ms);
  }
  st[Counter::OutgoingCall].add(r.success + r.failed);
  st[Counter::SuccessfulCall].add(r.success);
  st[Counter::FailedCall].add(r.failed);
  st[Counter::FailedUnexpectedMessage].add(r.failed);
  st.user_counters[0].add(r.retries);
  StatsSnapshot s = empty_snapshot(sc);
  add_shard_stats(s, st, true);
  MediaCounters media;
  for (double m : r.mos) {
    media.record_mos(m);
    media.add(MediaSummary::StreamsMeasured);
    media.add(MediaSummary::PacketsExpected, 100);
    media.raise(MediaSummary::MaxJitterUs, static_cast<uint64_t>(m * 1000));
  }
  media.add_to(s.media);
  return s;
}

std::string summary_text(const Shard &r) {
  RunConfig cfg;
  cfg.scenario_name = r.scenario;
  cfg.shard_index = r.index;
  cfg.shard_count = r.count;
  cfg.health_min_calls = r.min_calls;
  ir::Scenario sc = scenario();
  StatsSnapshot t = snapshot(r);
  SummaryInput in;
  in.config = &cfg;
  in.scenario = &sc;
  in.totals = &t;
  in.run_id = r.run_id;
  in.started_us = r.started_us;
  in.finished_us = r.finished_us;
  in.history = r.history;
  in.health = judge_health(cfg, sc, t);
  bool healthy =
      std::all_of(in.health.begin(), in.health.end(), [](const HealthGate &g) { return g.passed; });
  in.exit_code = !healthy ? kExitUnhealthy : r.failed != 0 ? kExitFailedCalls : kExitOk;
  return run_summary_json(in);
}

json::object merged(const std::vector<Shard> &shards) {
  std::vector<SummaryText> files;
  files.reserve(shards.size());
  for (const Shard &s : shards) {
    files.push_back({"shard" + std::to_string(s.index) + ".json", summary_text(s)});
  }
  Expected<std::string> out = merge_summaries(files);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
  return out.ok() ? json::parse(*out).as_object() : json::object{};
}

Shard shard_a() {
  Shard a;
  a.rtd_us = {7, 1500, 2300, 90'000, 640'000};
  a.length_us = {1'200'000, 3'000'000};
  a.mos = {4.2, 3.1};
  a.success = 2;
  a.failed = 3;
  a.retries = 4;
  return a;
}

Shard shard_b() {
  Shard b;
  b.index = 1;
  b.run_id = "b2";
  b.started_us = kT0 + 2'000'000;
  b.finished_us = kT0 + 14'000'000;
  b.rtd_us = {120, 800, 45'000, 3'000'000, 9'999, 10'000};
  b.length_us = {500'000};
  b.mos = {4.4};
  b.success = 7;
  b.retries = 1;
  return b;
}

TEST(SummaryMerge, SeriesAreThoseOfOneProcessWithEveryValue) {
  Shard a = shard_a(), b = shard_b(), all = shard_a();
  all.count = 1;
  all.rtd_us.insert(all.rtd_us.end(), b.rtd_us.begin(), b.rtd_us.end());
  all.length_us.insert(all.length_us.end(), b.length_us.begin(), b.length_us.end());
  all.mos.insert(all.mos.end(), b.mos.begin(), b.mos.end());
  all.success += b.success;
  all.retries += b.retries;
  json::object one = json::parse(summary_text(all)).as_object();
  json::object m = merged({a, b});

  EXPECT_EQ(m.at("rtd").at("1"), one.at("rtd").at("1"));
  EXPECT_EQ(m.at("call_length"), one.at("call_length"));
  EXPECT_EQ(m.at("media"), one.at("media"));
  for (const char *key : {"total_calls", "success_calls", "failed_calls", "success_ratio",
                          "failure_classes", "sipp_counters", "counters", "timeouts"}) {
    EXPECT_EQ(m.at(key), one.at(key)) << key;
  }
  EXPECT_EQ(m.at("total_calls").to_number<uint64_t>(), 12U);
  EXPECT_EQ(m.at("rtd").at("1").at("count").to_number<uint64_t>(), 11U);
  EXPECT_EQ(m.at("rtd").at("1").at("min").to_number<uint64_t>(), 7'000U);
  EXPECT_EQ(m.at("rtd").at("1").at("max").to_number<uint64_t>(), 3'000'000'000U);
}

TEST(SummaryMerge, RunsFromTheFirstStartToTheLastEnd) {
  json::object m = merged({shard_a(), shard_b()});
  EXPECT_EQ(m.at("duration").to_number<uint64_t>(), 14'000'000'000U);
  EXPECT_DOUBLE_EQ(m.at("calls_per_second").to_number<double>(), 12.0 / 14.0);
  EXPECT_EQ(m.at("started_at").as_string(), json::parse(summary_text(shard_a())).at("started_at"));
  EXPECT_EQ(m.at("exit_code").to_number<int>(), kExitFailedCalls);
  EXPECT_TRUE(m.at("shard").is_null());
  const json::array &shards = m.at("shards").as_array();
  ASSERT_EQ(shards.size(), 2U);
  EXPECT_EQ(shards[1].at("run_id").as_string(), "b2");
  EXPECT_EQ(shards[1].at("file").as_string(), "shard1.json");
  EXPECT_EQ(shards[0].at("count").to_number<int>(), 2);
}

TEST(SummaryMerge, OneSummaryIsItsOwnMerge) {
  Shard a = shard_a();
  a.count = 1;
  json::object one = json::parse(summary_text(a)).as_object();
  json::object m = merged({a});
  EXPECT_EQ(m.at("rtd"), one.at("rtd"));
  EXPECT_EQ(m.at("duration"), one.at("duration"));
  EXPECT_EQ(m.at("calls_per_second"), one.at("calls_per_second"));
  EXPECT_EQ(m.at("shards").as_array().size(), 1U);
}

StatsSnapshot calls(uint64_t n) {
  Shard s;
  s.success = n;
  return snapshot(s);
}

TEST(SummaryMerge, RatesAreAlignedByWallClock) {
  RunHistory ha, hb;
  ha.sample(0, calls(0));
  ha.sample(1000, calls(10));
  ha.sample(2000, calls(20));
  hb.sample(0, calls(0));
  hb.sample(1000, calls(5)); // 2500 ms after a's start
  Shard a = shard_a(), b = shard_b();
  a.history = &ha;
  b.history = &hb;
  b.started_us = kT0 + 1'500'000;
  json::object m = merged({a, b});
  const json::object &rate = m.at("rate_over_time").as_object();
  EXPECT_EQ(rate.at("period_ms").to_number<uint64_t>(), 1000U);
  std::vector<std::pair<uint64_t, uint64_t>> got;
  for (const json::value &p : rate.at("points").as_array()) {
    got.emplace_back(p.at("t_ms").to_number<uint64_t>(),
                     p.at("success_calls").to_number<uint64_t>());
  }
  std::vector<std::pair<uint64_t, uint64_t>> want = {{0, 0}, {1000, 10}, {2000, 20}, {3000, 25}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(m.at("media_over_time").at("points").as_array().size(), 4U);
}

/// Summary `s`'s text with `edit` made to its JSON.
std::string edited(const Shard &s, const std::function<void(json::object &)> &edit) {
  json::object o = json::parse(summary_text(s)).as_object();
  edit(o);
  return json::serialize(o);
}

TEST(SummaryMerge, ResamplesToTheCoarsestPeriod) {
  RunHistory ha, hb;
  for (uint64_t t = 0; t <= 4000; t += 1000) {
    ha.sample(t, calls(t / 100));
    hb.sample(t, calls(t / 1000));
  }
  Shard a = shard_a(), b = shard_b();
  a.history = &ha;
  b.history = &hb;
  b.started_us = a.started_us;
  std::string b_text = edited(b, [](json::object &o) {
    // As if b's history had doubled its period: every other point.
    for (const char *series : {"rate_over_time", "media_over_time"}) {
      json::object &r = o.at(series).as_object();
      r["period_ms"] = 2000;
      json::array kept;
      json::array &points = r.at("points").as_array();
      for (size_t i = 0; i < points.size(); i += 2) {
        kept.push_back(points[i]);
      }
      points = kept;
    }
  });
  Expected<std::string> out = merge_summaries({{"a.json", summary_text(a)}, {"b.json", b_text}});
  ASSERT_TRUE(out.ok()) << out.error().message;
  json::object m = json::parse(*out).as_object();
  const json::array &points = m.at("rate_over_time").at("points").as_array();
  EXPECT_EQ(m.at("rate_over_time").at("period_ms").to_number<int>(), 2000);
  ASSERT_EQ(points.size(), 3U); // 0, 2000, 4000
  EXPECT_EQ(points[2].at("success_calls").to_number<uint64_t>(), 40U + 4U);
}

TEST(SummaryMerge, HealthIsJudgedAgainOnTheMerge) {
  Shard a = shard_a(), b = shard_b();
  a.min_calls = b.min_calls = 8;
  a.failed = 0; // 2 successful calls: a alone breaks the gate
  ASSERT_FALSE(json::parse(summary_text(a)).at("health").at("passed").as_bool());
  json::object m = merged({a, b});
  const json::object &health = m.at("health").as_object();
  EXPECT_TRUE(health.at("passed").as_bool());
  const json::object &gate = health.at("gates").at(0).as_object();
  EXPECT_EQ(gate.at("name").as_string(), "min_successful_calls");
  EXPECT_DOUBLE_EQ(gate.at("value").to_number<double>(), 9.0);
  EXPECT_EQ(m.at("exit_code").to_number<int>(), kExitOk); // a's 2 was its gate's alone
}

/// The refusal of merging `files`, which must be one.
std::string refusal(const std::vector<SummaryText> &files) {
  Expected<std::string> out = merge_summaries(files);
  EXPECT_FALSE(out.ok());
  return out.ok() ? "" : out.error().message;
}

TEST(SummaryMerge, Refusals) {
  std::string a = summary_text(shard_a()), b = summary_text(shard_b());
  EXPECT_EQ(refusal({}), "no summary to merge");
  EXPECT_EQ(refusal({{"a.json", a}, {"bad.json", "{\n \"x\": [1,\n"}}),
            "bad.json: not JSON (incomplete JSON) at line 3, column 1");
  EXPECT_EQ(refusal({{"bad.json", "{\n \"x\": ]"}}).substr(0, 22), "bad.json: not JSON (sy");
  EXPECT_NE(refusal({{"bad.json", "{\n \"x\": ]"}}).find("line 2, column 7"), std::string::npos);
  EXPECT_EQ(refusal({{"arr.json", "[]"}}), "arr.json: not a JSON object");
  EXPECT_EQ(refusal({{"a.json", a}, {"a2.json", a}}),
            "a2.json: the same run (run_id a1) as a.json: a summary cannot be merged with itself");
  Shard twin = shard_b();
  twin.index = 0;
  EXPECT_EQ(refusal({{"a.json", a}, {"t.json", summary_text(twin)}}),
            "t.json: shard 0 again (a.json is that shard too)");
  Shard three = shard_b();
  three.count = 3;
  EXPECT_EQ(refusal({{"a.json", a}, {"c.json", summary_text(three)}}),
            "c.json: not a shard of the same run as a.json: shard count 3, not 2");
  Shard other = shard_b();
  other.scenario = "uas";
  EXPECT_EQ(refusal({{"a.json", a}, {"s.json", summary_text(other)}}),
            "s.json: not a shard of the same run as a.json: scenario 'uas', not 'uac'");
  auto with = [&](const std::function<void(json::object &)> &edit) {
    return refusal({{"a.json", a}, {"e.json", edited(shard_b(), edit)}});
  };
  EXPECT_EQ(with([](json::object &o) { o["schema_version"] = "gossipper_summary_v0"; }),
            "e.json: schema_version: 'gossipper_summary_v0', not gossipper_summary_v1");
  EXPECT_EQ(with([](json::object &o) { o.at("rtd").at("1").as_object().erase("histogram"); }),
            "e.json: rtd.1.histogram: missing: a summary older than merging (no histogram) "
            "cannot be merged exactly");
  EXPECT_EQ(with([](json::object &o) { o.erase("run_id"); }), "e.json: run_id: missing");
  EXPECT_EQ(with([](json::object &o) { o["shards"] = json::array{}; }),
            "e.json: shards: a merged summary: merge the shards' own summaries instead");
  EXPECT_EQ(with([](json::object &o) {
              o.at("call_length")
                  .at("histogram")
                  .at("buckets")
                  .as_array()
                  .push_back(json::array{5000, 1});
            }),
            "e.json: call_length.histogram.buckets[1][0]: bucket 5000 past the layout's 1184");
  EXPECT_EQ(with([](json::object &o) { o["started_at"] = "yesterday"; }),
            "e.json: started_at: not an ISO 8601 UTC time: 'yesterday'");
}

TEST(SummaryMerge, ReadsTheTimesItWrites) {
  EXPECT_EQ(parse_iso8601_us("1970-01-01T00:00:00Z", "t"), 0U); // NOLINT
  EXPECT_EQ(parse_iso8601_us("2000-03-01T00:00:01.5Z", "t"), 951868801'500'000U);
}

} // namespace
} // namespace gossipper::runtime
