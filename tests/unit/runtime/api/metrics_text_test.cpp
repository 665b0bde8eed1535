// The Prometheus page of a run, apart from any socket: its families and
// their types, the per-message series, histograms whose bounds are exact
// bounds of the latency histogram, label escaping, counters since the start
// whatever "reset stats" did, and the /metrics route's refusals and counts.
#include "api/api_routes.hpp"
#include "api/metrics_endpoint.hpp"
#include "api/metrics_text.hpp"
#include "recording_run.hpp"
#include "stats/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace gossipper::runtime::api {
namespace {

ir::Scenario uac_scenario() {
  ir::Scenario s;
  ir::SendState send;
  send.method = "INVITE";
  ir::State invite;
  invite.body = send;
  ir::RecvState recv;
  recv.response = 200;
  recv.response_text = "200";
  ir::State ok;
  ok.body = recv;
  ir::State pause;
  pause.body = ir::PauseState{};
  s.states = {invite, ok, pause};
  s.rtds.emplace_back();
  s.rtds.back().name = "1";
  s.counters = {"calls_with_\"quotes\""};
  return s;
}

StatsSnapshot snapshot_of(const ir::Scenario &sc) {
  StatsSnapshot s;
  s.counters.assign(static_cast<size_t>(Counter::Count), 0);
  s.counters[static_cast<size_t>(Counter::OutgoingCall)] = 7;
  s.counters[static_cast<size_t>(Counter::SuccessfulCall)] = 5;
  s.counters[static_cast<size_t>(Counter::FailedCall)] = 1;
  s.counters[static_cast<size_t>(Counter::FailedMaxUDPRetrans)] = 1;
  s.states.assign(sc.states.size(), StatsSnapshot::State{});
  s.states[0].sent = 7;
  s.states[0].sent_retrans = 2;
  s.states[1].recv = 6;
  s.states[1].unexpected = 1;
  s.rtd.resize(1);
  s.rtd[0].histogram.assign(LatencyBuckets::kCount, 0);
  // Two at 50 µs, one at 1.5 ms, one at 2 s.
  s.rtd[0].histogram[LatencyBuckets::index(50)] = 2;
  s.rtd[0].histogram[LatencyBuckets::index(1500)] = 1;
  s.rtd[0].histogram[LatencyBuckets::index(2'000'000)] = 1;
  s.rtd[0].count = 4;
  s.call_length.histogram.assign(LatencyBuckets::kCount, 0);
  s.open_calls = 1;
  s.user_counters = {3};
  return s;
}

/// The page's samples by series ("name{labels}"), each family's type, and
/// a check of every line's shape and of each family's lines being together.
struct Parsed {
  std::map<std::string, std::string> samples;
  std::map<std::string, std::string> types;
};

/// What `promtool check metrics` says of a family's name: counters end in
/// _total and nothing else does, and no name holds a metric type.
void check_name(const std::string &name, const std::string &type) {
  EXPECT_EQ(name.ends_with("_total"), type == "counter") << name << " is a " << type;
  for (const char *t : {"counter", "gauge", "histogram", "summary", "untyped"}) {
    std::string part = std::string("_") + t;
    EXPECT_TRUE(name.find(part + "_") == std::string::npos && !name.ends_with(part))
        << name << " names its type";
  }
}

Parsed parse(const std::string &text) {
  static const std::regex kSample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\}) (\S+)$)");
  static const std::regex kComment(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$)");
  Parsed p;
  std::set<std::string> finished;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kComment)) {
      if (m[1] == "TYPE") {
        EXPECT_FALSE(p.types.contains(m[2])) << "two TYPE lines for " << m[2];
        p.types[m[2]] = m[3];
        check_name(m[2], m[3]);
      }
      if (m[2] != current) {
        EXPECT_FALSE(finished.contains(m[2])) << m[2] << " is in two places";
        finished.insert(current);
        current = m[2];
      }
      continue;
    }
    EXPECT_TRUE(std::regex_match(line, m, kSample)) << "not a sample: " << line;
    std::string name = m[1];
    std::string family = name;
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
      if (name.ends_with(suffix) &&
          p.types.contains(name.substr(0, name.size() - std::strlen(suffix)))) {
        family = name.substr(0, name.size() - std::strlen(suffix));
      }
    }
    EXPECT_EQ(family, current) << "a sample outside its family: " << line;
    EXPECT_TRUE(p.samples.emplace(name + std::string(m[2]), m[3]).second) << "twice: " << line;
  }
  return p;
}

TEST(MetricsText, CountersGaugesAndMessagesWithTheirLabels) {
  ir::Scenario sc = uac_scenario();
  RunStatus status;
  status.rate = 10;
  status.rate_period_ms = 1000;
  status.call_limit = 30;
  status.elapsed_ms = 2500;
  RunSnapshot run{status, snapshot_of(sc)};
  Parsed p = parse(metrics_text({"uac", "1.2.3", &sc, &run}));
  EXPECT_EQ(p.samples[R"(gossipper_calls_created_total{scenario="uac"})"], "7");
  EXPECT_EQ(p.samples[R"(gossipper_calls_successful_total{scenario="uac"})"], "5");
  EXPECT_EQ(p.samples[R"(gossipper_calls_failed_total{scenario="uac"})"], "1");
  EXPECT_EQ(
      p.samples[R"(gossipper_call_failures_total{scenario="uac",reason="FailedMaxUDPRetrans"})"],
      "1");
  EXPECT_EQ(p.samples[R"(gossipper_calls_current{scenario="uac"})"], "1");
  EXPECT_EQ(p.samples[R"(gossipper_call_rate{scenario="uac"})"], "10");
  EXPECT_EQ(p.samples[R"(gossipper_run_elapsed_seconds{scenario="uac"})"], "2.5");
  EXPECT_EQ(p.samples[R"(gossipper_run_state{scenario="uac",state="running"})"], "1");
  EXPECT_EQ(p.samples[R"(gossipper_run_state{scenario="uac",state="aborting"})"], "0");
  EXPECT_EQ(p.samples[R"(gossipper_info{scenario="uac",version="1.2.3"})"], "1");
  EXPECT_EQ(p.types["gossipper_calls_created_total"], "counter");
  EXPECT_EQ(p.types["gossipper_calls_current"], "gauge");
  const std::string invite =
      R"({scenario="uac",index="0",direction="sent",method_or_code="INVITE",scenario_version="0"})";
  const std::string ok =
      R"({scenario="uac",index="1",direction="received",method_or_code="200",scenario_version="0"})";
  EXPECT_EQ(p.samples["gossipper_messages_total" + invite], "7");
  EXPECT_EQ(p.samples["gossipper_message_retransmissions_total" + invite], "2");
  EXPECT_EQ(p.samples["gossipper_messages_total" + ok], "6");
  EXPECT_EQ(p.samples["gossipper_message_unexpected_total" + ok], "1");
  EXPECT_FALSE(p.samples.contains(
      R"(gossipper_messages_total{scenario="uac",index="2",direction="sent",method_or_code="Pause"})"))
      << "a pause sends nothing";
  EXPECT_EQ(
      p.samples
          [R"(gossipper_scenario_counts_total{scenario="uac",counter="calls_with_\"quotes\""})"],
      "3");
  EXPECT_FALSE(p.types.contains("gossipper_media_rtp_packets_sent_total")) << "no media yet";
}

TEST(MetricsText, HistogramsInSecondsOnTheLatencyHistogramsBounds) {
  for (uint64_t bound : metrics_bucket_bounds_us()) {
    size_t i = LatencyBuckets::index(bound);
    EXPECT_EQ(LatencyBuckets::upper(i), bound) << "a bound inside a bucket";
    EXPECT_EQ(LatencyBuckets::index(bound + 1), i + 1);
  }
  ir::Scenario sc = uac_scenario();
  RunSnapshot run{{}, snapshot_of(sc)};
  Parsed p = parse(metrics_text({"uac", "1", &sc, &run}));
  EXPECT_EQ(p.types["gossipper_response_time_seconds"], "histogram");
  EXPECT_EQ(p.types["gossipper_call_length_seconds"], "histogram");
  const std::string rt = R"(gossipper_response_time_seconds_bucket{scenario="uac",rtd="1",le=)";
  EXPECT_EQ(p.samples[rt + R"("0.000101"})"], "2"); // the 100 µs bound: [100, 101]
  EXPECT_EQ(p.samples[rt + R"("0.001007"})"], "2"); // 1 ms: [992, 1007]
  EXPECT_EQ(p.samples[rt + R"("0.002559"})"], "3"); // 2.5 ms: [2496, 2559]
  EXPECT_EQ(p.samples[rt + R"("1.015807"})"], "3"); // 1 s
  EXPECT_EQ(p.samples[rt + R"("2.555903"})"], "4"); // 2.5 s
  EXPECT_EQ(p.samples[rt + R"("+Inf"})"], "4");
  EXPECT_EQ(p.samples[R"(gossipper_response_time_seconds_count{scenario="uac",rtd="1"})"], "4");
  // 2 × 50 µs exactly, 1.5 ms and 2 s as their buckets' middles.
  double sum =
      std::stod(p.samples[R"(gossipper_response_time_seconds_sum{scenario="uac",rtd="1"})"]);
  EXPECT_NEAR(sum, 0.0001 + 0.0015 + 2.0, 0.02);
  uint64_t last = 0;
  for (const auto &[series, value] : p.samples) {
    if (series.starts_with(rt)) {
      EXPECT_LE(std::stoull(value), 4u) << series;
      last = std::max<uint64_t>(last, std::stoull(value));
    }
  }
  EXPECT_EQ(last, 4u);
  EXPECT_EQ(p.samples[R"(gossipper_call_length_seconds_bucket{scenario="uac",le="+Inf"})"], "0");
}

TEST(MetricsText, LabelValuesAreEscapedAndUtf8) {
  EXPECT_EQ(metrics_label_value("a\"b\\c\nd"), R"(a\"b\\c\nd)");
  EXPECT_EQ(metrics_label_value("caf\xe9"), "caf\xEF\xBF\xBD");
  ir::Scenario sc = uac_scenario();
  RunSnapshot run{{}, snapshot_of(sc)};
  Parsed p = parse(metrics_text({"my \"odd\"\nname", "1", &sc, &run}));
  EXPECT_EQ(p.samples[R"(gossipper_calls_created_total{scenario="my \"odd\"\nname"})"], "7");
}

TEST(MetricsText, MediaCountsOnceThereAreAny) {
  ir::Scenario sc = uac_scenario();
  RunSnapshot run{{}, snapshot_of(sc)};
  run.stats.media.values[MediaSummary::RtpSent] = 50;
  Parsed p = parse(metrics_text({"uac", "1", &sc, &run}));
  EXPECT_EQ(p.samples[R"(gossipper_media_rtp_packets_sent_total{scenario="uac"})"], "50");
  EXPECT_EQ(p.types["gossipper_media_rtp_packets_sent_total"], "counter");
}

/// A run whose "reset stats" zeroed what the screens show, not its totals.
class ResetRun : public RecordingRun {
public:
  StatsSnapshot shown, totals;
  [[nodiscard]] RunSnapshot snapshot(bool) const override { return {now, shown}; }
  [[nodiscard]] RunSnapshot snapshot_since_start(bool) const override { return {now, totals}; }
};

class MetricsRoute : public ::testing::Test {
protected:
  MetricsRoute() {
    run.now.rate = 10;
    run.now.rate_period_ms = 1000;
    run.shown = snapshot_of(scenario);
    run.shown.counters.assign(static_cast<size_t>(Counter::Count), 0);
    run.totals = snapshot_of(scenario);
    sources.version = "test";
    sources.config = &config;
    sources.scenario = &scenario;
    sources.scenario_name = "uac";
    sources.scrapes = std::make_shared<ScrapeCounts>();
  }
  ApiResponse ask(const std::string &method, const std::string &target,
                  const std::string &auth = {}) {
    ApiRequest r{method, target, {}, {}, auth, "127.0.0.1:9"};
    Routes routes(options, sources, run, history, log);
    return routes.handle(r);
  }

  ApiOptions options;
  ApiSources sources;
  RunConfig config;
  ir::Scenario scenario = uac_scenario();
  ResetRun run;
  LiveHistory history{500};
  ApiLog log;
};

TEST_F(MetricsRoute, ServesTheTotalsSinceTheStart) {
  ApiResponse r = ask("GET", "/metrics");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, kMetricsContentType);
  EXPECT_NE(r.body.find("gossipper_calls_created_total{scenario=\"uac\"} 7\n"), std::string::npos)
      << "the totals, not what a reset left";
  EXPECT_EQ(ask("HEAD", "/metrics").status, 200u);
  EXPECT_EQ(sources.scrapes->served.load(), 2u);
  EXPECT_EQ(sources.scrapes->failed.load(), 0u);
}

TEST_F(MetricsRoute, RefusesOtherMethodsAndMissingTokens) {
  ApiResponse r = ask("POST", "/metrics");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(r.allow, "GET");
  options.token = "t0ken";
  EXPECT_EQ(ask("GET", "/metrics").status, 401u);
  EXPECT_EQ(ask("GET", "/metrics", "Bearer wrong").status, 401u);
  EXPECT_EQ(ask("GET", "/metrics", "Bearer t0ken").status, 200u);
  EXPECT_EQ(ask("GET", "/metrics?token=t0ken").status, 200u);
  EXPECT_EQ(sources.scrapes->served.load(), 2u);
  EXPECT_EQ(sources.scrapes->failed.load(), 3u);
  EXPECT_TRUE(sources.scrapes->shown());
}

TEST_F(MetricsRoute, ItsOwnListenerServesMetricsOnly) {
  std::unique_ptr<ApiHandler> handler = metrics_handler(options, sources, run);
  ApiRequest r{"GET", "/metrics", {}, {}, {}, "127.0.0.1:9"};
  EXPECT_EQ(handler->handle(r).status, 200u);
  r.target = "/api/v1/stats";
  EXPECT_EQ(handler->handle(r).status, 404u);
  EXPECT_FALSE(handler->live());
  EXPECT_EQ(handler->sample(0), "");
}

} // namespace
} // namespace gossipper::runtime::api
