// The message observers: active only while one of them wants messages, and
// the message traces' records as SIPp writes them.
#include "trace/message_trace.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace gossipper::runtime {
namespace {

class Counting : public MessageObserver {
public:
  bool on = true;
  int seen = 0;
  [[nodiscard]] bool enabled() const override { return on; }
  void on_message(const MessageEvent &) override { ++seen; }
};

TEST(MessageObservers, ActiveWhileOneIsEnabled) {
  MessageObservers list;
  EXPECT_FALSE(list.active());
  Counting a;
  Counting b;
  b.on = false;
  list.add(&a);
  list.add(&b);
  EXPECT_TRUE(list.active());
  list.notify(MessageEvent{});
  EXPECT_EQ(a.seen, 1);
  EXPECT_EQ(b.seen, 0);
  a.on = false;
  list.refresh();
  EXPECT_FALSE(list.active());
}

TEST(MessageTrace, WritesSippsRecords) {
  std::string full_path = test::temp_path("message_observer_test_messages.log");
  std::string short_path = test::temp_path("message_observer_test_short.log");
  TraceLog full;
  TraceLog short_log;
  ASSERT_TRUE(full.open(full_path, true).ok());
  ASSERT_TRUE(short_log.open(short_path, true).ok());
  MessageTrace messages;
  ShortMessageTrace short_messages;
  EXPECT_FALSE(messages.enabled());
  messages.set_log(&full);
  short_messages.set_log(&short_log);
  MessageEvent e;
  e.bytes = "OPTIONS sip:x SIP/2.0\r\nCSeq: 3 OPTIONS\r\nCall-ID: c\r\n\r\n";
  e.call_id = "c";
  messages.on_message(e);
  short_messages.on_message(e);
  e.direction = MessageEvent::Direction::Received;
  messages.on_message(e);
  full.flush();
  short_log.flush();
  std::string m = test::read_file(full_path);
  EXPECT_NE(m.find("UDP message sent (" + std::to_string(e.bytes.size()) + " bytes):\n\nOPTIONS"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("UDP message received [" + std::to_string(e.bytes.size()) + "] bytes :\n\n"),
            std::string::npos)
      << m;
  std::string s = test::read_file(short_path);
  EXPECT_NE(s.find("\tS\tc\tCSeq:3 OPTIONS\tOPTIONS sip:x SIP/2.0\n"), std::string::npos) << s;
  std::remove(full_path.c_str());
  std::remove(short_path.c_str());
}

} // namespace
} // namespace gossipper::runtime
