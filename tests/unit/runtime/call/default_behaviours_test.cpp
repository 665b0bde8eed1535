// SIPp's default behaviours and automatic answers: what a call sends and
// counts when the scenario does not expect a message, or the run aborts it.
#include "call/call_id_builder.hpp"
#include "call_harness.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

using test::CallHarness;
using test::uac_response;

/// A client call that gets its 200 and holds it without an ACK.
const char *kHoldWithoutAck = R"(<?xml version="1.0"?>
<scenario name="hold">
  <send><![CDATA[
    INVITE sip:service@[remote_ip]:[remote_port] SIP/2.0
    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
    From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
    To: service <sip:service@[remote_ip]:[remote_port]>
    Call-ID: [call_id]
    CSeq: 1 INVITE
    Content-Length: 0
  ]]></send>
  <recv response="200"/>
  <pause milliseconds="10000"/>
</scenario>
)";

/// A client call of kHoldWithoutAck answered 200, which it holds.
class HeldCall : public CallHarness {
public:
  explicit HeldCall(bool auto_answer = false) : CallHarness("", false, {}, kHoldWithoutAck) {
    cfg.auto_answer = auto_answer;
    start_call(1);
    receive(uac_response(200, "OK", "1 INVITE", "peer1"));
  }
};

std::string request(const std::string &method, const std::string &call_id,
                    const std::string &cseq) {
  return method +
         " sip:sipp@127.0.0.1:5061 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-peer\r\n"
         "From: service <sip:service@127.0.0.1:5060>;tag=peer1\r\n"
         "To: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
         "Call-ID: " +
         call_id + "\r\nCSeq: " + cseq + "\r\nContent-Length: 0\r\n\r\n";
}

TEST(DefaultBehaviours, AbortBeforeAnyAnswerSendsNothing) {
  CallHarness h("uac");
  h.start_call(1);
  h.engine->abort_all();
  EXPECT_EQ(h.transport.sent.size(), 1U); // the INVITE alone
  EXPECT_EQ(h.count(Counter::AbortedCalls), 1U);
  EXPECT_EQ(h.engine->open_calls(), 0U);
}

TEST(DefaultBehaviours, AbortOfARingingInviteCancelsIt) {
  CallHarness h("uac");
  h.start_call(1);
  h.receive(uac_response(180, "Ringing", "1 INVITE", "peer1"));
  h.engine->abort_all();
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("CANCEL sip:service@127.0.0.1:5060 SIP/2.0\r\n"))
      << h.transport.sent[1];
}

TEST(DefaultBehaviours, AbortOfAnAnsweredInviteAcksThenHangsUp) {
  HeldCall h;
  h.engine->abort_all();
  ASSERT_EQ(h.transport.sent.size(), 3U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("ACK ")) << h.transport.sent[1];
  EXPECT_NE(h.transport.sent[1].find("CSeq: 1 ACK\r\n"), std::string::npos);
  EXPECT_TRUE(h.transport.sent[2].starts_with("BYE ")) << h.transport.sent[2];
  EXPECT_NE(h.transport.sent[2].find("CSeq: 2 BYE\r\n"), std::string::npos);
}

TEST(DefaultBehaviours, AnUnexpectedFailureIsAcknowledged) {
  CallHarness h("uac");
  h.start_call(1);
  h.receive(uac_response(486, "Busy Here", "1 INVITE", "peer1"));
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("ACK ")) << h.transport.sent[1];
  EXPECT_EQ(h.count(Counter::FailedUnexpectedMessage), 1U);
  EXPECT_EQ(h.count(Counter::FailedCall), 1U);
}

TEST(DefaultBehaviours, AnUnexpectedProvisionalCancelsOrDropsTheCall) {
  for (bool bye : {true, false}) {
    CallHarness h("uac");
    h.cfg.behaviors.bye = bye;
    h.start_call(1);
    h.receive(uac_response(180, "Ringing", "1 INVITE", "peer1"));
    h.receive(uac_response(199, "Early Dialog Terminated", "1 INVITE", "peer1"));
    EXPECT_EQ(h.count(Counter::FailedUnexpectedMessage), 1U);
    EXPECT_EQ(h.engine->open_calls(), 0U);
    if (!bye) {
      EXPECT_EQ(h.transport.sent.size(), 1U); // dropped without a word
      continue;
    }
    ASSERT_EQ(h.transport.sent.size(), 2U);
    // SIPp's default "cancel": Request-URI from the To of the last message.
    EXPECT_TRUE(h.transport.sent[1].starts_with("CANCEL sip:service@127.0.0.1:5060 SIP/2.0\r\n"))
        << h.transport.sent[1];
    EXPECT_NE(h.transport.sent[1].find("CSeq: 1 CANCEL\r\n"), std::string::npos);
  }
}

TEST(DefaultBehaviours, WithoutAbortUnexpTheCallGoesOn) {
  CallHarness h("uac");
  h.cfg.behaviors.abort_unexpected = false;
  h.start_call(1);
  h.receive(uac_response(199, "Early Dialog Terminated", "1 INVITE", "peer1"));
  EXPECT_EQ(h.count(Counter::FailedUnexpectedMessage), 0U);
  EXPECT_EQ(h.count(Counter::Warnings), 1U);
  EXPECT_EQ(h.engine->open_calls(), 1U);
  h.receive(uac_response(200, "OK", "1 INVITE", "peer1"));
  h.advance(CallEngine::kTurnMs);
  EXPECT_TRUE(h.transport.sent.back().starts_with("BYE ")) << h.transport.sent.back();
}

TEST(DefaultBehaviours, AnUnexpectedByeIsAnsweredAndEndsTheCall) {
  HeldCall h;
  h.receive(request("BYE", "1-4242@127.0.0.1", "7 BYE"));
  ASSERT_EQ(h.transport.sent.size(), 2U);
  const std::string &ok = h.transport.sent[1];
  EXPECT_TRUE(ok.starts_with("SIP/2.0 200 OK\r\n")) << ok;
  EXPECT_NE(ok.find("CSeq: 7 BYE\r\n"), std::string::npos) << ok;
  EXPECT_EQ(h.count(Counter::FailedUnexpectedMessage), 1U);
  EXPECT_EQ(h.engine->open_calls(), 0U);
}

TEST(DefaultBehaviours, APingIsAnsweredAndTheCallEndsUncounted) {
  HeldCall h;
  h.receive(request("PING", "1-4242@127.0.0.1", "8 PING"));
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("SIP/2.0 200 OK\r\n"));
  EXPECT_EQ(h.count(Counter::AutoAnswered), 1U);
  EXPECT_EQ(h.count(Counter::Uncounted), 1U);
  EXPECT_EQ(h.count(Counter::FailedCall), 0U);
  EXPECT_EQ(h.engine->open_calls(), 0U);
}

TEST(DefaultBehaviours, AutoAnswerRepliesInAndOutOfCalls) {
  HeldCall h(true);
  // In the call: answered, and the call goes on with its last message.
  h.receive(request("INFO", "1-4242@127.0.0.1", "9 INFO"));
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_NE(h.transport.sent[1].find("CSeq: 9 INFO\r\n"), std::string::npos);
  EXPECT_EQ(h.engine->open_calls(), 1U);
  // For no call: a throw-away call answers, counted twice as SIPp does.
  h.receive(request("OPTIONS", "nobody@x", "1 OPTIONS"));
  ASSERT_EQ(h.transport.sent.size(), 3U);
  EXPECT_NE(h.transport.sent[2].find("Call-ID: nobody@x\r\n"), std::string::npos);
  EXPECT_EQ(h.count(Counter::AutoAnswered), 3U);
  EXPECT_EQ(h.count(Counter::OutOfCallMsgs), 0U);
  // Without -aa a request for no call is only counted.
  h.cfg.auto_answer = false;
  h.receive(request("OPTIONS", "nobody@y", "1 OPTIONS"));
  EXPECT_EQ(h.transport.sent.size(), 3U);
  EXPECT_EQ(h.count(Counter::OutOfCallMsgs), 1U);
}

} // namespace
} // namespace gossipper::runtime
