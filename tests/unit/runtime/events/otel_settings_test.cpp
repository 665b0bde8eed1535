//===- otel_settings_test.cpp - Options over OTEL_* variables -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/otel_settings.hpp"

#include <gtest/gtest.h>

#include <map>

namespace gossipper::runtime::events {
namespace {

struct FakeEnv {
  std::map<std::string, std::string> vars;
  [[nodiscard]] Environment env() const {
    return [this](const char *name) -> const char * {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

const EventOrigin kOrigin{"1.2.3", "uac"};

std::string value(const KeyValues &kv, const std::string &key) {
  for (const auto &[k, v] : kv) {
    if (k == key) {
      return v;
    }
  }
  return "<none>";
}

TEST(OtelSettings, NothingAsksForEventsThenNoneAreMade) {
  FakeEnv e;
  Expected<EventSettings> s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->on());
}

TEST(OtelSettings, TheGeneralEndpointGetsTheLogsPathTheLogsOneIsTakenAsItIs) {
  FakeEnv e{{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"}}};
  Expected<EventSettings> s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_EQ(s->otlp->url.host, "collector");
  EXPECT_EQ(s->otlp->url.port, "4318");
  EXPECT_EQ(s->otlp->url.target, "/v1/logs");
  e.vars["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = "http://[::1]/custom";
  s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_EQ(s->otlp->url.host, "::1");
  EXPECT_EQ(s->otlp->url.port, "4318");
  EXPECT_EQ(s->otlp->url.target, "/custom");
  EventsConfig c;
  c.otel_endpoint = "http://h:9/x";
  s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_EQ(s->otlp->url.target, "/x"); // the option wins
}

TEST(OtelSettings, ProtocolFromTheOptionThenTheLogsVariableThenTheGeneralOne) {
  FakeEnv e{{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:1"},
             {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
             {"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/json"}}};
  Expected<EventSettings> s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_EQ(s->otlp->protocol, OtlpProtocol::HttpJson);
  EventsConfig c;
  c.otel_protocol = "grpc";
  s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_EQ(s->otlp->protocol, OtlpProtocol::Grpc);
  EXPECT_EQ(s->otlp->url.target, "/"); // gRPC: no /v1/logs
}

TEST(OtelSettings, BadValuesNameTheirSource) {
  FakeEnv e{
      {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:1"}, {"OTEL_EXPORTER_OTLP_PROTOCOL", "smoke"}}};
  Expected<EventSettings> s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("OTEL_EXPORTER_OTLP_PROTOCOL"), std::string::npos);
  e.vars.erase("OTEL_EXPORTER_OTLP_PROTOCOL");
  e.vars["OTEL_EXPORTER_OTLP_TIMEOUT"] = "10s";
  s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("OTEL_EXPORTER_OTLP_TIMEOUT"), std::string::npos);
  EventsConfig c;
  c.level = "chatty";
  s = resolve_event_settings(c, kOrigin, FakeEnv{}.env());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("-log_level"), std::string::npos);
  for (const char *url : {"ftp://c", "c:4318", "http://:80", "http://h:99999", "http://h:x"}) {
    c = {};
    c.otel_endpoint = url;
    s = resolve_event_settings(c, kOrigin, FakeEnv{}.env());
    ASSERT_FALSE(s) << url;
    EXPECT_NE(s.error().message.find("-log_otel_endpoint"), std::string::npos) << url;
  }
}

TEST(OtelSettings, HttpsMeansTlsWithTheLogsFilesOverTheGeneralOnes) {
  FakeEnv e{{{"OTEL_EXPORTER_OTLP_ENDPOINT", "https://c"},
             {"OTEL_EXPORTER_OTLP_CERTIFICATE", "/general/ca.pem"},
             {"OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE", "/logs/ca.pem"},
             {"OTEL_EXPORTER_OTLP_CLIENT_KEY", "/k.pem"},
             {"OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE", "/c.pem"}}};
  Expected<EventSettings> s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp) << (s ? "" : s.error().message);
  EXPECT_TRUE(s->otlp->url.tls);
  EXPECT_EQ(s->otlp->url.port, "4318");
  EXPECT_EQ(s->otlp->url.target, "/v1/logs");
  EXPECT_EQ(s->otlp->tls.ca.path, "/logs/ca.pem");
  EXPECT_EQ(s->otlp->tls.ca.from, "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE");
  EXPECT_EQ(s->otlp->tls.key.path, "/k.pem");
  EXPECT_EQ(s->otlp->tls.cert.path, "/c.pem");
  e.vars.erase("OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE");
  s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("OTEL_EXPORTER_OTLP_CLIENT_KEY"), std::string::npos);
}

TEST(OtelSettings, GrpcTakesABareHostPortSecureUnlessInsecure) {
  EventsConfig c;
  c.otel_protocol = "grpc";
  c.otel_endpoint = "collector:4317";
  FakeEnv e;
  Expected<EventSettings> s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp) << (s ? "" : s.error().message);
  EXPECT_TRUE(s->otlp->url.tls);
  EXPECT_EQ(s->otlp->url.host, "collector");
  e.vars["OTEL_EXPORTER_OTLP_INSECURE"] = "TRUE";
  s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_FALSE(s->otlp->url.tls);
  e.vars["OTEL_EXPORTER_OTLP_LOGS_INSECURE"] = "false"; // the logs' own wins
  s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_TRUE(s->otlp->url.tls);
  // A scheme wins over the variable.
  c.otel_endpoint = "http://collector:4317";
  s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_FALSE(s->otlp->url.tls);
  e.vars["OTEL_EXPORTER_OTLP_LOGS_INSECURE"] = "perhaps";
  s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("OTEL_EXPORTER_OTLP_LOGS_INSECURE"), std::string::npos);
  // HTTP has no bare form.
  c = {};
  c.otel_endpoint = "collector:4318";
  ASSERT_FALSE(resolve_event_settings(c, kOrigin, FakeEnv{}.env()));
}

TEST(OtelSettings, HeadersAreDecodedLoweredAndTheLogsOnesWin) {
  FakeEnv e{{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:1"},
             {"OTEL_EXPORTER_OTLP_HEADERS", "Api-Key=a%20b, x=1,,"},
             {"OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x=2"}}};
  Expected<EventSettings> s = resolve_event_settings({}, kOrigin, e.env());
  ASSERT_TRUE(s && s->otlp);
  EXPECT_EQ(value(s->otlp->headers, "api-key"), "a b");
  EXPECT_EQ(value(s->otlp->headers, "x"), "2");
  EXPECT_FALSE(parse_key_values("novalue", "X"));
  EXPECT_FALSE(parse_key_values("=v", "X"));
}

TEST(OtelSettings, ResourceAttributesInTheSdkOrderOfPrecedence) {
  FakeEnv e{{{"OTEL_RESOURCE_ATTRIBUTES", "service.name=env,team=sip,gossipper.role=x"},
             {"OTEL_SERVICE_NAME", "named"}}};
  EventsConfig c;
  c.jsonl_file = "f";
  c.attributes = {{"team", "voice"}, {"site", "lab"}};
  Expected<EventSettings> s = resolve_event_settings(c, kOrigin, e.env());
  ASSERT_TRUE(s);
  EXPECT_EQ(value(s->resource, "service.name"), "named");
  EXPECT_EQ(value(s->resource, "service.version"), "1.2.3");
  EXPECT_EQ(value(s->resource, "gossipper.role"), "x");
  EXPECT_EQ(value(s->resource, "team"), "voice");
  EXPECT_EQ(value(s->resource, "site"), "lab");
  EXPECT_EQ(s->resource.front().first, "service.name");
}

} // namespace
} // namespace gossipper::runtime::events
