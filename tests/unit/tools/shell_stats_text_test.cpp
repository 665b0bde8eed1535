#include "shell_stats_text.hpp"

#include <boost/json.hpp>

#include <gtest/gtest.h>

using namespace gossipper::tools;

TEST(ShellStatsText, ARunsSnapshot) {
  auto text = stats_text(R"({"schema":"gossipper_stats_v1","scenario":"uac","elapsed_ms":5230,
    "status":{"rate":10,"rate_period_ms":1000,"call_limit":30,"paused":true,"quitting":"running"},
    "calls":{"created":52,"successful":40,"failed":1,"open":11,"rate_cps":9.5},
    "response_times":[{"name":"1","count":40,"p50_ms":1,"p90_ms":2.2,"p99_ms":6.8},
                      {"name":"2","count":0}]})");
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "uac: 5.23 s, rate 10 per 1 s, limit 30, paused\n"
                   "  calls: 52 created, 11 open, 40 successful, 1 failed; 9.5 calls/s\n"
                   "  response time 1: p50 1 ms, p90 2.2 ms, p99 6.8 ms\n");
}

TEST(ShellStatsText, AServersSnapshotHasABlockPerRun) {
  auto text = stats_text(R"({"schema":"gossipper_server_stats_v1","engines":[
    {"id":"uas","role":"listener","running":true,"stats":{"schema":"gossipper_stats_v1",
     "scenario":"uas","elapsed_ms":1000,"calls":{"created":3}}},
    {"id":"load","role":"client","running":false,"exit_code":0,"stats":null}]})");
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "[uas] listener\n  uas: 1 s\n"
                   "  calls: 3 created, 0 open, 0 successful, 0 failed; 0 calls/s\n"
                   "[load] client, ended (exit 0)\n");
}

TEST(ShellStatsText, GarbageAndOtherDocumentsAreErrors) {
  EXPECT_FALSE(stats_text("not json"));
  EXPECT_FALSE(stats_text("[1,2]"));
  EXPECT_FALSE(stats_text(R"({"schema":"gossipper_summary_v1"})"));
  EXPECT_FALSE(control_text(R"({"nothing":1})"));
  EXPECT_FALSE(summary_text("{"));
}

TEST(ShellStatsText, ControlStatusAndSummary) {
  auto c = control_text(R"({"status":{"rate":35,"rate_period_ms":1000,"call_limit":105,
    "paused":false,"quitting":"stopping"}})");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, "rate 35 per 1 s, limit 105, stopping\n");
  auto s = summary_text(R"({"scenario":"uac","total_calls":40,"success_calls":39,
    "failed_calls":1,"calls_per_second":20,"rtd":{"1":{"count":39,"p50":2271000,"p99":8083000}}})");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "uac: 40 calls, 39 successful, 1 failed, 20 calls/s\n"
                "  response time 1: p50 2.271 ms, p99 8.083 ms\n");
}

TEST(ShellStatsText, TheOverloadControllerSaysSaturatedAndHeld) {
  auto c = control_text(R"({"status":{"rate":100,"rate_period_ms":1000,"call_limit":300,
    "paused":false,"quitting":"running","saturation":{"saturated":true,
    "reason":"timer lag 35 ms","overload_control":true,"offered_rate":85,"saturated_ms":200,
    "cuts":1}}})");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, "rate 100 per 1 s, limit 300, saturated: timer lag 35 ms, offering 85\n");
  // Clear, the rate not yet all given back; then nothing held.
  boost::json::object held = boost::json::parse(R"({"rate":100,"saturation":{"saturated":false,
    "reason":"","offered_rate":90}})")
                                 .as_object();
  EXPECT_EQ(saturation_phrase(held), "offering 90");
  held["saturation"].as_object()["offered_rate"] = 100;
  EXPECT_EQ(saturation_phrase(held), "");
  // A server has no offered rate; an older run no saturation at all.
  EXPECT_EQ(saturation_phrase(boost::json::parse(R"({"rate":0,"saturation":{"saturated":true,
    "reason":"3 datagrams dropped on receive"}})")
                                  .as_object()),
            "saturated: 3 datagrams dropped on receive");
  EXPECT_EQ(saturation_phrase(boost::json::parse(R"({"rate":10})").as_object()), "");
}
