// The call engine without sockets: a scripted transport records what the
// built-in scenarios send, byte for byte, as the engine reacts to scripted
// peer messages and to time.
#include "call/call_id_builder.hpp"
#include "call_harness.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

using Harness = test::CallHarness;

TEST(CallEngine, TwinCommandOpensTheListeningSidesCall) {
  Harness h("3pcc-C-B", true);
  // Before the side is told commands start calls, one for no call is dropped.
  std::string offer = "Call-ID: abc///7-1@10.0.0.1\r\nContent-Type: application/sdp\r\n"
                      "Content-Length: 5\r\n\r\nv=0\r\n\r\n";
  h.engine->on_command(offer);
  EXPECT_EQ(h.count(Counter::OutOfCallMsgs), 1U);
  EXPECT_TRUE(h.transport.sent.empty());
  h.engine->on_command("X-No-Call-Id: here\r\n"); // warned, not counted
  EXPECT_EQ(h.count(Counter::OutOfCallMsgs), 1U);

  h.engine->set_commands_start_calls();
  h.engine->on_command(offer);
  EXPECT_EQ(h.count(Counter::OutgoingCall), 1U);
  ASSERT_EQ(h.transport.sent.size(), 1U);
  const std::string &invite = h.transport.sent[0];
  EXPECT_TRUE(invite.starts_with("INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n")) << invite;
  // The ///-prefix is not part of the call; the offer is the INVITE's tail
  // ($1 without the command's trailing CRLFs, then the template's own end).
  EXPECT_NE(invite.find("Call-ID: 7-1@10.0.0.1\r\n"), std::string::npos) << invite;
  EXPECT_TRUE(invite.ends_with("Subject: Performance Test\r\nContent-Type: application/sdp\r\n"
                               "Content-Length: 5\r\n\r\nv=0\r\n\r\n"))
      << invite;
}

TEST(CallEngine, SendCmdAndTheTwinsAbort) {
  std::vector<std::string> commands;
  RunHooks hooks;
  hooks.send_command = [&](std::string_view dest, std::string_view text) {
    EXPECT_TRUE(dest.empty());
    commands.emplace_back(text);
    return true;
  };
  Harness h("3pcc-C-A", false, hooks);
  h.start_call(1);
  ASSERT_EQ(h.transport.sent.size(), 1U);
  std::string ok = test::uac_response(200, "OK", "1 INVITE", "a1");
  ok.replace(ok.find("Content-Length: 0\r\n\r\n"), std::string::npos,
             "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n");
  h.receive(ok);
  ASSERT_EQ(commands.size(), 1U);
  EXPECT_EQ(commands[0], "Call-ID: 1-4242@127.0.0.1\r\nContent-Type: application/sdp\r\n"
                         "Content-Length: 5\r\n\r\nv=0\r\n");
  // The twin's leg failed: ours counts failed and ends what it started
  // (ACK for the 200, then BYE).
  h.engine->on_command("call-id: 1-4242@127.0.0.1\r\ninternal-cmd: abort_call\r\n\r\n");
  EXPECT_EQ(h.count(Counter::FailedCall), 1U);
  ASSERT_EQ(h.transport.sent.size(), 3U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("ACK ")) << h.transport.sent[1];
  EXPECT_TRUE(h.transport.sent[2].starts_with("BYE ")) << h.transport.sent[2];
  EXPECT_EQ(h.engine->open_calls(), 0U);
}

TEST(CallEngine, BuiltinUacSendsSippsMessages) {
  Harness h("uac");
  h.start_call(1);
  ASSERT_EQ(h.transport.sent.size(), 1U);
  EXPECT_EQ(h.transport.sent[0], "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n"
                                 "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0\r\n"
                                 "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
                                 "To: service <sip:service@127.0.0.1:5060>\r\n"
                                 "Call-ID: 1-4242@127.0.0.1\r\n"
                                 "CSeq: 1 INVITE\r\n"
                                 "Contact: sip:sipp@127.0.0.1:5061\r\n"
                                 "Max-Forwards: 70\r\n"
                                 "Subject: Performance Test\r\n"
                                 "Content-Type: application/sdp\r\n"
                                 "Content-Length:   129\r\n"
                                 "\r\n"
                                 "v=0\r\n"
                                 "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n"
                                 "s=-\r\n"
                                 "c=IN IP4 127.0.0.1\r\n"
                                 "t=0 0\r\n"
                                 "m=audio 6000 RTP/AVP 0\r\n"
                                 "a=rtpmap:0 PCMU/8000\r\n");
  h.receive(test::uac_response(180, "Ringing", "1 INVITE", "peer1"));
  h.receive(test::uac_response(200, "OK", "1 INVITE", "peer1"));
  // ACK (with the peer's tag); on a later turn the <pause/> of -d 0, then
  // the BYE.
  ASSERT_EQ(h.transport.sent.size(), 2U);
  h.advance(CallEngine::kTurnMs - 1);
  ASSERT_EQ(h.transport.sent.size(), 2U);
  h.advance(1);
  ASSERT_EQ(h.transport.sent.size(), 3U);
  EXPECT_EQ(h.transport.sent[1], "ACK sip:service@127.0.0.1:5060 SIP/2.0\r\n"
                                 "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-5\r\n"
                                 "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
                                 "To: service <sip:service@127.0.0.1:5060>;tag=peer1\r\n"
                                 "Call-ID: 1-4242@127.0.0.1\r\n"
                                 "CSeq: 1 ACK\r\n"
                                 "Contact: sip:sipp@127.0.0.1:5061\r\n"
                                 "Max-Forwards: 70\r\n"
                                 "Subject: Performance Test\r\n"
                                 "Content-Length: 0\r\n\r\n");
  EXPECT_TRUE(h.transport.sent[2].starts_with("BYE sip:service@127.0.0.1:5060 SIP/2.0\r\n"));
  EXPECT_NE(h.transport.sent[2].find("CSeq: 2 BYE\r\n"), std::string::npos);
  h.receive(test::uac_response(200, "OK", "2 BYE", "peer1"));
  EXPECT_EQ(h.count(Counter::SuccessfulCall), 1U);
  EXPECT_EQ(h.engine->open_calls(), 0U);
}

TEST(CallEngine, RetransmitsPerT1ThenFailsAtTheLimit) {
  Harness h("uac");
  h.cfg.max_invite_retrans = 2;
  h.start_call(1);
  h.advance(499);
  EXPECT_EQ(h.transport.sent.size(), 1U);
  h.advance(1); // 500 ms: first retransmission, the same bytes
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_EQ(h.transport.sent[1], h.transport.sent[0]);
  h.advance(1000); // +1000 ms: second (doubled interval)
  EXPECT_EQ(h.transport.sent.size(), 3U);
  h.advance(2000); // the limit: the call fails, nothing was received so nothing is sent
  EXPECT_EQ(h.transport.sent.size(), 3U);
  EXPECT_EQ(h.count(Counter::FailedMaxUDPRetrans), 1U);
  EXPECT_EQ(h.count(Counter::Retransmissions), 2U);
}

TEST(CallEngine, KeepsTheLastSentMessageOnlyWhileItsTimerRuns) {
  Harness h("uac");
  h.cfg.default_pause_ms = 10000; // -d: the call stays open after its ACK
  h.start_call(1);
  const Call *call = h.engine->find_call("1-4242@127.0.0.1");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->last_send_msg, h.transport.sent[0]); // the INVITE, for T1
  h.receive(test::uac_response(100, "Trying", "1 INVITE", ""));
  EXPECT_TRUE(call->last_send_msg.empty()); // a 1xx to the INVITE stops the timer
  EXPECT_EQ(call->last_send_msg.capacity(), std::string().capacity()); // its buffer shelved
  h.advance(4000);
  EXPECT_EQ(h.transport.sent.size(), 1U);
  h.receive(test::uac_response(200, "OK", "1 INVITE", "peer1"));
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("ACK ")) << h.transport.sent[1];
  EXPECT_TRUE(call->last_send_msg.empty()); // no timer for the ACK: an open call holds none
  // The 200 again: our answer to it, the ACK, is rendered again, the same.
  h.receive(test::uac_response(200, "OK", "1 INVITE", "peer1"));
  ASSERT_EQ(h.transport.sent.size(), 3U);
  EXPECT_EQ(h.transport.sent[2], h.transport.sent[1]);
  EXPECT_EQ(h.count(Counter::Retransmissions), 1U);
  // The abort at the end still knows the INVITE was answered: a BYE.
  h.engine->abort_all();
  ASSERT_EQ(h.transport.sent.size(), 4U);
  EXPECT_TRUE(h.transport.sent[3].starts_with("BYE ")) << h.transport.sent[3];
}

TEST(CallEngine, AbortOfAnUnansweredInviteIsACancel) {
  Harness h("uac");
  h.start_call(1);
  h.receive(test::uac_response(180, "Ringing", "1 INVITE", "peer1"));
  EXPECT_TRUE(h.engine->find_call("1-4242@127.0.0.1")->last_send_msg.empty());
  h.engine->abort_all();
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("CANCEL ")) << h.transport.sent[1];
}

/// A request sent without a timer (-nr), then SIPp's provisional-response rule.
const char *kMessageThenAnswers = R"(<?xml version="1.0"?>
<scenario name="message">
  <send><![CDATA[
    MESSAGE sip:service@[remote_ip]:[remote_port] SIP/2.0
    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
    From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
    To: service <sip:service@[remote_ip]:[remote_port]>
    Call-ID: [call_id]
    CSeq: 1 MESSAGE
    Content-Length: 0
  ]]></send>
  <recv response="100"/>
  <recv response="200"/>
</scenario>
)";

TEST(CallEngine, AProvisionalAnswerRestartsTheTimerOfAMessageNoLongerKept) {
  Harness h("", false, {}, kMessageThenAnswers);
  h.cfg.retrans_enabled = false; // -nr: no timer, nothing kept
  h.start_call(1);
  ASSERT_EQ(h.transport.sent.size(), 1U);
  EXPECT_TRUE(h.engine->find_call("1-4242@127.0.0.1")->last_send_msg.empty());
  // A 100 to a request other than an INVITE restarts SIPp's timer at T2,
  // whatever ran before: the message is rendered again, the same bytes.
  h.receive(test::uac_response(100, "Trying", "1 MESSAGE"));
  h.advance(h.cfg.t2_ms);
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_EQ(h.transport.sent[1], h.transport.sent[0]);
  h.receive(test::uac_response(200, "OK", "1 MESSAGE"));
  EXPECT_EQ(h.count(Counter::SuccessfulCall), 1U);
}

TEST(CallEngine, CallsOpenAtTheStopAreCountedAborted) {
  Harness h("uac");
  h.start_call(1);
  h.start_call(2);
  h.engine->abort_all();
  EXPECT_EQ(h.count(Counter::FailedCall), 2U);
  EXPECT_EQ(h.count(Counter::AbortedCalls), 2U);
  EXPECT_EQ(h.count(Counter::FailedMaxUDPRetrans), 0U);
}

TEST(CallEngine, BuiltinUasEchoesTheRequestHeaders) {
  Harness h("uas", true);
  std::string invite = "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0\r\n"
                       "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKfirst\r\n"
                       "From: sipp <sip:sipp@127.0.0.1:5061>;tag=abc\r\n"
                       "To: service <sip:service@127.0.0.1:5060>\r\n"
                       "Call-ID: uas-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
  h.receive(invite);
  ASSERT_EQ(h.transport.sent.size(), 1U); // the 180; the 200 on a later turn
  h.advance(CallEngine::kTurnMs);
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_EQ(h.transport.sent[0],
            "SIP/2.0 180 Ringing\r\n"
            "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0, SIP/2.0/UDP "
            "10.0.0.1:5060;branch=z9hG4bKfirst\r\n"
            "From: sipp <sip:sipp@127.0.0.1:5061>;tag=abc\r\n"
            "To: service <sip:service@127.0.0.1:5060>;tag=4242SIPpTag011\r\n"
            "Call-ID: uas-1\r\n"
            "CSeq: 1 INVITE\r\n"
            "Contact: <sip:127.0.0.1:5061;transport=UDP>\r\n"
            "Content-Length: 0\r\n\r\n");
  // A retransmitted INVITE after two sends is no longer recognised (SIPp
  // remembers only the first send after a receive): it is unexpected.
  h.receive(invite);
  EXPECT_EQ(h.count(Counter::FailedUnexpectedMessage), 1U);
}

TEST(CallEngine, APeersMessageEndsTheWaitForTheNextTurn) {
  Harness h("uas", true);
  std::string head = "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0\r\n"
                     "From: sipp <sip:sipp@127.0.0.1:5061>;tag=abc\r\n"
                     "To: service <sip:service@127.0.0.1:5060>";
  h.receive("INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n" + head +
            "\r\nCall-ID: uas-2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(h.transport.sent.size(), 1U); // the 180; the 200 waits for a turn
  // An ACK now (a peer that guessed): the turn comes at once, the 200 goes,
  // and the ACK meets the <recv> it answers instead of being unexpected.
  h.receive("ACK sip:service@127.0.0.1:5060 SIP/2.0\r\n" + head +
            ";tag=4242SIPpTag012\r\nCall-ID: uas-2\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
  ASSERT_EQ(h.transport.sent.size(), 2U);
  EXPECT_TRUE(h.transport.sent[1].starts_with("SIP/2.0 200 OK")) << h.transport.sent[1];
  EXPECT_EQ(h.count(Counter::FailedUnexpectedMessage), 0U);
  EXPECT_EQ(h.engine->open_calls(), 1U);
}

TEST(CallEngine, DeadCallsAbsorbLateMessages) {
  Harness h("uac");
  h.start_call(1);
  h.receive(test::uac_response(200, "OK", "1 INVITE", "p"));
  h.advance(CallEngine::kTurnMs); // the BYE
  h.receive(test::uac_response(200, "OK", "2 BYE", "p"));
  ASSERT_EQ(h.count(Counter::SuccessfulCall), 1U);
  h.receive(test::uac_response(200, "OK", "2 BYE", "p"));
  EXPECT_EQ(h.count(Counter::DeadCallMsgs), 1U);
}

TEST(CallEngine, MalformedMessagesAreCountedNotFatal) {
  Harness h("uas", true);
  h.receive("garbage\r\n\r\n");
  h.receive("INVITE sip:x SIP/2.0\r\nCall-ID: t\r\nContent-Length: 99\r\n\r\nshort");
  h.receive("\r\n\r\n"); // keep-alive: not a message at all
  EXPECT_EQ(h.count(Counter::MalformedMessages), 2U);
  EXPECT_EQ(h.engine->open_calls(), 0U);
}

TEST(CallEngine, MaxSchedLoopsWakesAtMostThatManyCallsPerTick) {
  Harness h("uac");
  h.cfg.max_sched_loops = 1;
  for (uint32_t n = 1; n <= 3; ++n) {
    h.start_call(n);
  }
  ASSERT_EQ(h.transport.sent.size(), 3U);
  h.advance(500); // T1: all three retransmit, one per tick
  EXPECT_EQ(h.transport.sent.size(), 4U);
  h.advance(1);
  EXPECT_EQ(h.transport.sent.size(), 5U);
  h.advance(1);
  EXPECT_EQ(h.transport.sent.size(), 6U);
  h.advance(1);
  EXPECT_EQ(h.transport.sent.size(), 6U);
}

} // namespace
} // namespace gossipper::runtime
