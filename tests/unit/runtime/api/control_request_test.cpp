// POST /api/v1/control's body: read whole and checked before anything is
// applied; applied in a fixed order; a run's refusal is a 409.
#include "api/control_request.hpp"
#include "recording_run.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime::api {
namespace {

ControlRequest parsed(std::string_view body) {
  auto r = parse_control_request(body);
  EXPECT_TRUE(std::holds_alternative<ControlRequest>(r)) << body;
  return std::holds_alternative<ControlRequest>(r) ? std::get<ControlRequest>(r) : ControlRequest{};
}

ApiError refused(std::string_view body) {
  auto r = parse_control_request(body);
  EXPECT_TRUE(std::holds_alternative<ApiError>(r)) << body;
  return std::holds_alternative<ApiError>(r) ? std::get<ApiError>(r) : ApiError{};
}

TEST(ControlRequest, ReadsEveryMember) {
  ControlRequest r = parsed(R"({"rate": 12.5, "call_limit": 40, "paused": true,
                                "stop": "graceful", "reset_stats": true})");
  EXPECT_EQ(r.rate, 12.5);
  EXPECT_EQ(r.call_limit, 40u);
  EXPECT_EQ(r.paused, true);
  EXPECT_EQ(r.stop, ControlRequest::Stop::Graceful);
  EXPECT_TRUE(r.reset_stats);
  EXPECT_EQ(parsed(R"({"rate_scale": 2})").rate_scale, 2.0);
  EXPECT_EQ(parsed(R"({"users": 7})").users, 7u);
  EXPECT_EQ(parsed(R"({"stop": "now"})").stop, ControlRequest::Stop::Now);
}

TEST(ControlRequest, NamesTheWrongMemberByItsPath) {
  EXPECT_EQ(refused("{").code, "bad_json");
  EXPECT_EQ(refused("[]").message, "$: a JSON object of control members");
  for (const char *body : {R"({"rate": -1})", R"({"rate": "10"})", R"({"rate": null})"}) {
    ApiError e = refused(body);
    EXPECT_EQ(e.status, 400u);
    EXPECT_EQ(e.code, "bad_request");
    EXPECT_TRUE(e.message.starts_with("$.rate: ")) << e.message;
  }
  EXPECT_TRUE(refused(R"({"rate_scale": 0})").message.starts_with("$.rate_scale"));
  EXPECT_TRUE(refused(R"({"call_limit": 1.5})").message.starts_with("$.call_limit"));
  EXPECT_TRUE(refused(R"({"users": -3})").message.starts_with("$.users"));
  EXPECT_TRUE(refused(R"({"paused": 1})").message.starts_with("$.paused"));
  EXPECT_TRUE(refused(R"({"stop": "soon"})").message.starts_with("$.stop"));
  EXPECT_TRUE(refused(R"({"rate": 1, "speed": 2})").message.starts_with("$.speed"));
  EXPECT_TRUE(refused(R"({"rate": 1, "rate_scale": 2})").message.starts_with("$.rate_scale"));
}

TEST(ControlRequest, AppliesInAFixedOrder) {
  RecordingRun run;
  run.now.users = -1;
  run.now.rate = 10;
  EXPECT_FALSE(apply_control_request(
      parsed(R"({"stop": "now", "paused": true, "rate": 30, "reset_stats": true,
                 "call_limit": 9})"),
      run));
  EXPECT_EQ(run.calls, (std::vector<std::string>{"reset", "rate 30", "limit 9", "pause", "Q"}));
}

TEST(ControlRequest, ScalesTheRateItFinds) {
  RecordingRun run;
  run.now.users = -1;
  run.now.rate = 10;
  EXPECT_FALSE(apply_control_request(parsed(R"({"rate_scale": 2.5})"), run));
  EXPECT_EQ(run.calls, std::vector<std::string>{"rate 25"});
}

TEST(ControlRequest, RefusesWhatTheRunsKindRefusesBeforeChangingAnything) {
  RecordingRun users_run;
  users_run.now.users = 5;
  auto e = apply_control_request(parsed(R"({"reset_stats": true, "rate": 3})"), users_run);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 409u);
  EXPECT_TRUE(users_run.calls.empty());
  RecordingRun rate_run;
  rate_run.now.users = -1;
  e = apply_control_request(parsed(R"({"paused": true, "users": 3})"), rate_run);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "refused");
  EXPECT_TRUE(rate_run.calls.empty());
}

} // namespace
} // namespace gossipper::runtime::api
