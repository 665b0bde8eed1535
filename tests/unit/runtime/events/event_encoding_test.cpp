//===- event_encoding_test.cpp - Rings, JSON lines and OTLP/JSON ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/event_ring.hpp"
#include "events/jsonl_sink.hpp"
#include "events/otlp_record.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace gossipper::runtime::events {
namespace {

namespace json = boost::json;

Event ended_call() {
  Event e;
  e.kind = EventKind::CallEnded;
  e.severity = Severity::Warn;
  e.outcome = Counter::FailedTimeoutOnRecv;
  e.call_number = 7;
  e.index = 3;
  e.wall_us = 1700000000123456ULL;
  e.call_id.set("7-1@127.0.0.1");
  return e;
}

TEST(EventRings, EachThreadHasItsRingAndAFullOneDropsAndCounts) {
  EventRings rings(4);
  Event e;
  for (int i = 0; i < 6; ++i) {
    rings.push(e);
  }
  std::thread([&] {
    for (int i = 0; i < 3; ++i) {
      rings.push(e);
    }
  }).join();
  size_t n = rings.drain([](const Event &) {});
  EXPECT_EQ(n, 4U + 3U);
  EXPECT_EQ(rings.dropped(), 2U);
  EXPECT_EQ(rings.drained(), 7U);
}

TEST(EventText, LongTextIsCutAndSaidToBe) {
  InlineText<4> t;
  t.set("abcdef");
  EXPECT_EQ(t.view(), "abcd");
  EXPECT_TRUE(t.cut());
}

TEST(JsonLines, AnEndedCallWithItsResultAndFailureClass) {
  std::string line;
  append_event_json(line, ended_call());
  json::object o = json::parse(line).as_object();
  EXPECT_EQ(o.at("time").as_string(), "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(o.at("time_unix_nano").as_int64(), 1700000000123456000LL);
  EXPECT_EQ(o.at("severity").as_string(), "WARN");
  EXPECT_EQ(o.at("severity_number").as_int64(), 13);
  EXPECT_EQ(o.at("event.name").as_string(), "call.ended");
  EXPECT_EQ(o.at("sip.call_id").as_string(), "7-1@127.0.0.1");
  EXPECT_EQ(o.at("gossipper.call.number").as_int64(), 7);
  EXPECT_EQ(o.at("gossipper.call.result").as_string(), "failed");
  EXPECT_EQ(o.at("gossipper.call.failure_class").as_string(), "FailedTimeoutOnRecv");
}

TEST(JsonLines, BytesThatAreNotUtf8OrControlsStayJson) {
  Event e;
  e.kind = EventKind::ActionLog;
  e.text.set(std::string_view("a\"b\\c\n\x01\xff", 8));
  std::string line;
  append_event_json(line, e);
  json::object o = json::parse(line).as_object();
  EXPECT_EQ(o.at("body").as_string(), "a\"b\\c\n\x01\xef\xbf\xbd");
}

TEST(OtlpJson, FieldsAsTheSpecificationMapsThem) {
  OtlpAttribute resource[] = {{"service.name", "g"}};
  OtlpAttribute attributes[] = {{"n", {}, 42, 0, OtlpAttribute::Type::Int},
                                {"s", "v"},
                                {"d", {}, 0, 4.25, OtlpAttribute::Type::Double}};
  OtlpRecord records[] = {{5, 6, 9, "INFO", "body", attributes}};
  std::string text = encode_otlp_json({resource, "gossipper", "0.1", records});
  json::object o = json::parse(text).as_object();
  const json::object &rl = o.at("resourceLogs").as_array().at(0).as_object();
  EXPECT_EQ(rl.at("resource").at("attributes").at(0).at("value").at("stringValue"), "g");
  const json::object &sl = rl.at("scopeLogs").as_array().at(0).as_object();
  EXPECT_EQ(sl.at("scope").at("name"), "gossipper");
  const json::object &r = sl.at("logRecords").as_array().at(0).as_object();
  EXPECT_EQ(r.at("timeUnixNano"), "5"); // int64 as a string
  EXPECT_EQ(r.at("observedTimeUnixNano"), "6");
  EXPECT_EQ(r.at("severityNumber"), 9);
  EXPECT_EQ(r.at("severityText"), "INFO");
  EXPECT_EQ(r.at("body").at("stringValue"), "body");
  EXPECT_EQ(r.at("attributes").at(0).at("value").at("intValue"), "42");
  EXPECT_EQ(r.at("attributes").at(2).at("value").at("doubleValue"), 4.25);
}

TEST(OtlpProtobuf, EncodesARequest) {
  OtlpRecord records[] = {{5, 6, 9, "INFO", "body", {}}};
  std::string bytes = encode_otlp_protobuf({{}, "gossipper", "0.1", records});
  EXPECT_FALSE(bytes.empty());
  EXPECT_NE(bytes.find("gossipper"), std::string::npos);
}

} // namespace
} // namespace gossipper::runtime::events
