// What each route answers, apart from any socket: the token, the statuses
// and their JSON errors, the panel's files, an upload's diagnostics, and the
// body limit each route has.
#include "api/api_routes.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/stdlib/utf8_text.hpp"
#include "recording_run.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace gossipper::runtime::api {
namespace {

class RoutesTest : public ::testing::Test {
protected:
  RoutesTest() {
    run.now.users = -1;
    run.now.rate = 10;
    sources.version = "test";
    sources.config = &config;
    sources.scenario = &scenario;
    sources.scenario_name = "uac";
    sources.scenario_source = "<scenario/>";
    sources.check = [this](const std::string &xml, bool allow_exec) {
      checked = xml;
      exec_allowed = allow_exec;
      std::vector<ir::Diagnostic> out;
      if (xml.find("bad") != std::string::npos) {
        out.push_back({ir::Severity::Error, "<uploaded>", {3, 7}, "bad thing"});
      }
      return out;
    };
    sources.files.push_back({"/", "text/html", "<html>panel</html>"});
  }

  Response ask(const std::string &method, const std::string &target, const std::string &body = {},
               const std::string &auth = {}, const std::string &type = "application/json") {
    Request r{method, target, body, type, auth, "127.0.0.1:9"};
    Routes routes(options, sources, run, history, log);
    return routes.handle(r);
  }
  static boost::json::object json(const Response &r) {
    return boost::json::parse(r.body).as_object();
  }

  ApiOptions options;
  ApiSources sources;
  RunConfig config;
  ir::Scenario scenario;
  RecordingRun run;
  LiveHistory history{500};
  ApiLog log;
  std::string checked;
  bool exec_allowed = true;
};

TEST_F(RoutesTest, AnswersTheRunsSettingsAndTakesControl) {
  Response r = ask("GET", "/api/v1/control");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(json(r)["status"].as_object()["rate"].to_number<double>(), 10.0);
  r = ask("POST", "/api/v1/control", R"({"rate": 25})");
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(run.calls, std::vector<std::string>{"rate 25"});
  r = ask("POST", "/api/v1/control", R"({"users": 2})");
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(json(r)["code"], "refused");
}

TEST_F(RoutesTest, ErrorsAreJsonWithTheirStatus) {
  Response r = ask("GET", "/api/v1/nope");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(json(r)["code"], "not_found");
  r = ask("DELETE", "/api/v1/health");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(r.allow, "GET");
  r = ask("DELETE", "/api/v1/control");
  EXPECT_EQ(r.allow, "GET, POST");
  EXPECT_EQ(ask("GET", "/api/v1/live").status, 426u);
  EXPECT_EQ(ask("GET", "/api/v1/../v1/health").status, 404u) << "no path is normalised";
  EXPECT_EQ(ask("POST", "/api/v1/control", "{").status, 400u);
}

TEST_F(RoutesTest, TheTokenGuardsTheApiNotThePanelsFiles) {
  options.token = "t0ken";
  EXPECT_EQ(ask("GET", "/api/v1/health").status, 401u);
  EXPECT_EQ(ask("GET", "/api/v1/health", {}, "Bearer wrong").status, 401u);
  EXPECT_EQ(ask("GET", "/api/v1/health", {}, "Bearer t0ke").status, 401u);
  EXPECT_EQ(ask("GET", "/api/v1/health", {}, "t0ken").status, 401u);
  EXPECT_EQ(ask("GET", "/api/v1/health", {}, "Bearer t0ken").status, 200u);
  EXPECT_EQ(ask("GET", "/api/v1/health?x=1&token=t0ken").status, 200u);
  EXPECT_EQ(ask("GET", "/api/v1/health?token=t0%6Ben").status, 200u);
  EXPECT_EQ(ask("GET", "/api/v1/nope").status, 401u) << "nothing about routes without a token";
  Response page = ask("GET", "/");
  EXPECT_EQ(page.status, 200u);
  EXPECT_EQ(page.content_type, "text/html");
  EXPECT_EQ(ask("POST", "/").status, 405u);
}

TEST_F(RoutesTest, AnUploadIsCheckedAndNothingChanges) {
  Response r = ask("PUT", "/api/v1/scenario", "<scenario>bad</scenario>", {}, "application/xml");
  EXPECT_EQ(r.status, 422u);
  boost::json::object doc = json(r);
  EXPECT_EQ(doc["code"], "scenario_invalid");
  boost::json::object d = doc["diagnostics"].as_array()[0].as_object();
  EXPECT_EQ(d["line"].to_number<int>(), 3);
  EXPECT_EQ(d["column"].to_number<int>(), 7);
  EXPECT_FALSE(exec_allowed) << "-api_allow_exec was not given";
  r = ask("PUT", "/api/v1/scenario", "<scenario/>", {}, "text/xml; charset=utf-8");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(checked, "<scenario/>");
  EXPECT_EQ(ask("PUT", "/api/v1/scenario", "{}", {}, "application/json").status, 415u);
  EXPECT_EQ(json(ask("GET", "/api/v1/scenario"))["source"], "<scenario/>");
  EXPECT_TRUE(run.calls.empty());
}

TEST_F(RoutesTest, AnAppliedScenarioIsTheOneNewCallsPlay) {
  ir::Scenario next;
  ir::TemplateTable templates;
  gsp_program program{};
  sources.compile = [&](const std::string &xml, bool,
                        std::vector<ir::Diagnostic> &diags) -> std::optional<ScenarioReplacement> {
    if (xml.find("bad") != std::string::npos) {
      diags.push_back({ir::Severity::Error, "<uploaded>", {4, 2}, "bad thing"});
      return std::nullopt;
    }
    return ScenarioReplacement{&next, &templates, &program, nullptr};
  };
  Routes routes(options, sources, run, history, log);
  auto post = [&routes](const std::string &body, const std::string &type = "application/xml") {
    return routes.handle({"POST", "/api/v1/scenario/apply", body, type, "", "127.0.0.1:9"});
  };
  Response r = post("<scenario>bad</scenario>");
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(json(r)["diagnostics"].as_array()[0].as_object()["line"], 4);
  EXPECT_TRUE(run.calls.empty()) << "a scenario with errors reaches no run";
  EXPECT_EQ(post("<scenario/>", "application/json").status, 415u);
  r = post("<scenario>v2</scenario>");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json(r)["version"], 1);
  EXPECT_EQ(run.calls, std::vector<std::string>{"replace scenario"});
  r = routes.handle({"GET", "/api/v1/scenario", "", "", "", "127.0.0.1:9"});
  EXPECT_EQ(json(r)["version"], 1);
  EXPECT_EQ(json(r)["source"], "<scenario>v2</scenario>");
  r = routes.handle({"GET", "/api/v1/scenario/apply", "", "", "", "127.0.0.1:9"});
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(r.allow, "POST");
}

TEST_F(RoutesTest, EachRouteHasItsBodyLimit) {
  EXPECT_EQ(body_limit("PUT", "/api/v1/scenario"), kScenarioBodyLimit);
  EXPECT_EQ(body_limit("PUT", "/api/v1/scenario?token=x"), kScenarioBodyLimit);
  EXPECT_EQ(body_limit("POST", "/api/v1/scenario"), kBodyLimit);
  EXPECT_EQ(body_limit("POST", "/api/v1/scenario/apply?engine_id=a"), kScenarioBodyLimit);
  EXPECT_EQ(body_limit("POST", "/api/v1/control"), kBodyLimit);
}

TEST_F(RoutesTest, ServesItsOpenApiDocument) {
  Response r = ask("GET", "/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200u);
  boost::json::object doc = json(r);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  for (const char *route : {"/health", "/stats", "/history", "/control", "/scenario", "/transports",
                            "/summary", "/openapi.json", "/live", "/metrics"}) {
    EXPECT_TRUE(doc["paths"].as_object().contains(route)) << route;
  }
}

TEST_F(RoutesTest, AnswersAreJsonWhateverBytesTheyQuote) {
  Response r = ask("GET", "/api/v1/\x8c\xce");
  EXPECT_EQ(r.status, 404u);
  EXPECT_NO_THROW((void)boost::json::parse(r.body));
  EXPECT_NE(r.body.find("\xEF\xBF\xBD"), std::string::npos);
  sources.scenario_source = "<scenario name=\"caf\xE9\"/>"; // Latin-1
  boost::json::object doc = json(ask("GET", "/api/v1/scenario"));
  EXPECT_EQ(doc["source"], "<scenario name=\"caf\xEF\xBF\xBD\"/>");
}

} // namespace
} // namespace gossipper::runtime::api
