// A shard without sockets: its inbox, its tick, and how it follows the run
// (quitting, aborting, dumping, emptying), over a scripted transport.
#include "engine/scenario_run.hpp"
#include "engine/shard.hpp"

#include "call/call_id_builder.hpp"
#include "call_harness.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

class ShardHarness {
public:
  explicit ShardHarness(const char *builtin, bool server = false)
      : loaded(builtin), cfg(test::loopback_config()) {
    cfg.server_mode = server;
    run =
        std::make_unique<ScenarioRun>(cfg, loaded.scenario, loaded.table, loaded.interp.program());
    run->ctx.next_number = &number;
    ctx.config = &cfg;
    ctx.main = &run->ctx;
    ctx.state = &state;
    ctx.warn = [this](const std::string &w) { warnings.push_back(w); };
    ctx.wake = [this] { ++wakes; };
    ctx.hand_datagram = [this](uint32_t, std::string_view raw,
                               const boost::asio::ip::udp::endpoint &from) {
      shard->hand(InboxItem::Kind::Message, raw, from);
    };
    shard = std::make_unique<Shard>(0, ctx, transport);
  }

  void new_call(uint32_t n) {
    shard->post(new InboxItem{InboxItem::Kind::NewCall, make_call_id(cfg, n), {}, n});
  }
  void datagram(const std::string &raw) {
    auto from = boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 5060);
    shard->post(new InboxItem{InboxItem::Kind::Message, raw, from});
  }
  void tick() { shard->tick(now += 1); }
  [[nodiscard]] uint64_t count(Counter c) const { return shard->stats()[c].get(); }

  test::InterpretedScenario loaded;
  RunConfig cfg;
  std::unique_ptr<ScenarioRun> run;
  std::atomic<uint32_t> number{1};
  RunState state;
  ShardContext ctx;
  test::ScriptedTransport transport;
  std::unique_ptr<Shard> shard;
  std::vector<std::string> warnings;
  int wakes = 0;
  uint64_t now = 5000;
};

TEST(Shard, RunsWhatItsInboxHoldsOnTheTick) {
  ShardHarness h("uac");
  h.new_call(1);
  EXPECT_TRUE(h.transport.sent.empty()); // nothing before the tick
  h.tick();
  ASSERT_EQ(h.transport.sent.size(), 1U);
  EXPECT_TRUE(h.transport.sent[0].starts_with("INVITE "));
  EXPECT_EQ(h.shard->open_calls.load(), 1U);
  h.datagram(test::uac_response(200, "OK", "1 INVITE", "p"));
  h.tick();
  ASSERT_EQ(h.transport.sent.size(), 2U); // ACK; then, a later turn, BYE after -d 0
  h.tick();
  h.tick();
  ASSERT_EQ(h.transport.sent.size(), 3U);
  h.datagram(test::uac_response(200, "OK", "2 BYE", "p"));
  h.tick();
  EXPECT_EQ(h.count(Counter::SuccessfulCall), 1U);
  EXPECT_EQ(h.shard->open_calls.load(), 0U);
}

TEST(Shard, ShardZeroRunsTheGeneratorOnItsTick) {
  ShardHarness h("uac");
  int generated = 0;
  h.ctx.generate_calls = [&](uint64_t) { ++generated; };
  h.tick();
  h.tick();
  EXPECT_EQ(generated, 2);
}

TEST(Shard, AbortsItsCallsOnceWhenTheRunAborts) {
  ShardHarness h("uac");
  h.new_call(1);
  h.new_call(2);
  h.tick();
  h.state.quit.abort();
  h.state.abort_calls.store(true);
  h.tick();
  EXPECT_EQ(h.count(Counter::AbortedCalls), 2U);
  h.new_call(3);
  h.tick(); // aborting happens once: a call queued after it runs
  EXPECT_EQ(h.count(Counter::AbortedCalls), 2U);
  EXPECT_EQ(h.shard->open_calls.load(), 1U);
}

TEST(Shard, AQuittingServerTakesNoNewCallAndWakesTheRunWhenEmpty) {
  ShardHarness h("uas", true);
  std::string invite = "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n"
                       "From: a <sip:a@127.0.0.1>;tag=1\r\nTo: b <sip:b@127.0.0.1>\r\n"
                       "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  h.datagram(invite);
  h.tick();
  EXPECT_EQ(h.shard->open_calls.load(), 1U);
  h.state.quit.soft();
  h.tick(); // the shard learns the run is quitting
  std::string other = invite;
  other.replace(other.find("c1"), 2, "c2");
  h.datagram(other);
  h.tick();
  EXPECT_EQ(h.count(Counter::OutOfCallMsgs), 1U);
  EXPECT_EQ(h.wakes, 0);
  h.state.abort_calls.store(true);
  h.tick(); // the last call gone while quitting: the run loop is woken
  EXPECT_EQ(h.shard->open_calls.load(), 0U);
  EXPECT_EQ(h.wakes, 1);
}

TEST(Shard, NewCallsPlayAStagedVersionWhileOpenCallsEndOnTheirs) {
  ShardHarness h("uac");
  ScenarioVersions versions(*h.run);
  h.ctx.versions = &versions;
  h.new_call(1);
  h.tick();
  std::string xml = test::builtin_xml("uac");
  for (size_t at = xml.find("Performance Test"); at != std::string::npos;
       at = xml.find("Performance Test", at)) {
    xml.replace(at, 16, "Version 1");
  }
  test::InterpretedScenario next("uac", xml);
  auto run = std::make_unique<ScenarioRun>(h.cfg, next.scenario, next.table, next.interp.program());
  run->ctx.next_number = &h.number;
  Expected<uint32_t> staged = versions.stage(std::move(run), {});
  ASSERT_TRUE(staged);
  EXPECT_EQ(*staged, 1U);
  EXPECT_EQ(versions.current(), 0U); // until shard 0 takes it
  h.new_call(2);
  h.tick();
  EXPECT_EQ(versions.current(), 1U);
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_NE(h.transport.sent[0].find("Subject: Performance Test"), std::string::npos);
  EXPECT_NE(h.transport.sent[1].find("Subject: Version 1"), std::string::npos);
  // Call 1's answer reaches its own engine: its ACK and BYE are version 0's.
  h.datagram(test::uac_response(200, "OK", "1 INVITE", "p"));
  h.tick();
  h.tick();
  h.tick();
  ASSERT_EQ(h.transport.sent.size(), 4U);
  EXPECT_NE(h.transport.sent[2].find("Subject: Performance Test"), std::string::npos);
  EXPECT_NE(h.transport.sent[3].find("Subject: Performance Test"), std::string::npos);
  h.datagram(test::uac_response(200, "OK", "2 BYE", "p"));
  h.tick();
  ASSERT_NE(h.shard->stats_of(1), nullptr);
  EXPECT_EQ((*h.shard->stats_of(0))[Counter::SuccessfulCall].get(), 1U);
  EXPECT_EQ((*h.shard->stats_of(1))[Counter::OutgoingCall].get(), 1U);
  EXPECT_EQ(h.shard->open_calls.load(), 1U); // call 2, on version 1
  EXPECT_EQ(h.count(Counter::OutOfCallMsgs), 0U);
}

TEST(Shard, DumpsItsCallsWhenAsked) {
  ShardHarness h("uac");
  h.new_call(1);
  h.tick();
  h.shard->dump_requested.store(true);
  h.tick();
  ASSERT_EQ(h.warnings.size(), 1U);
  EXPECT_TRUE(h.warnings[0].starts_with("1-4242@127.0.0.1: State 1")) << h.warnings[0];
  EXPECT_FALSE(h.shard->dump_requested.load());
}

} // namespace
} // namespace gossipper::runtime
