//===- scenario_writer_test.cpp - Captured calls as UAC and UAS scenarios -===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/scenario_writer.hpp"

#include "capture_frames.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace gossipper::runtime::capture {
namespace {

using test::FrameSpec;
using test::Link;

CapturedCall call_of(const std::vector<FrameSpec> &frames) {
  Expected<CaptureContent> content =
      extract_sip(CaptureSource{"t.pcap", test::capture(Link::ethernet, frames), true});
  EXPECT_TRUE(content);
  std::vector<CapturedCall> calls = group_calls(content->sip);
  EXPECT_EQ(calls.size(), 1U);
  return calls.at(0);
}

/// The scenario's elements, one word each: "send:INVITE", "recv:100?", "pause:300".
std::vector<std::string> flow(const std::string &xml) {
  std::vector<std::string> out;
  const std::regex element(
      R"re(<(send|recv|pause)([^>]*)>(?:\s*<!\[CDATA\[\s*(\S+)(?: (\S+))?)?)re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), element);
       it != std::sregex_iterator(); ++it) {
    const std::smatch &m = *it;
    const std::string attributes = m[2];
    std::smatch a;
    if (m[1] == "pause") {
      std::regex_search(attributes, a, std::regex(R"re(milliseconds="(\d+)")re"));
      out.push_back("pause:" + a[1].str());
    } else if (m[1] == "recv") {
      std::regex_search(attributes, a, std::regex(R"re((request|response)="([^"]+)")re"));
      out.push_back("recv:" + a[2].str() +
                    (attributes.find("optional") != std::string::npos ? "?" : ""));
    } else {
      out.push_back("send:" + (m[3] == "SIP/2.0" ? m[4].str() : m[3].str()));
    }
  }
  return out;
}

TEST(ScenarioWriter, EachSideSendsWhatItSentAndWaitsForTheRest) {
  const CapturedCall call = call_of(test::sample_call());
  ScenarioInput input{&call, CallSide::caller, "uac", "t.pcap", ""};
  const std::string uac = write_scenario(input);
  EXPECT_EQ(flow(uac),
            (std::vector<std::string>{"send:INVITE", "recv:100?", "recv:180?", "recv:200",
                                      "send:ACK", "pause:300", "send:BYE", "recv:200"}));
  input.side = CallSide::callee;
  input.name = "uas";
  const std::string uas = write_scenario(input);
  EXPECT_EQ(flow(uas), (std::vector<std::string>{"recv:INVITE", "send:100", "send:180", "send:200",
                                                 "recv:ACK", "recv:BYE", "send:200"}));
  for (const std::string *xml : {&uac, &uas}) {
    const gossipper::test::Compiled compiled = gossipper::test::compile(*xml);
    EXPECT_TRUE(compiled.ok) << *xml << "\n" << ::testing::PrintToString(compiled.diagnostics);
    EXPECT_EQ(xml->find("c1@x\n"), std::string::npos) << "the Call-ID stayed literal";
  }
  // The callee's tag goes on the To of its answers once, the caller's ACK
  // and BYE name it with [peer_tag_param].
  EXPECT_NE(uas.find("[last_To:];tag=[pid]SIPpTag01[call_number]"), std::string::npos);
  EXPECT_NE(uac.find("To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]"), std::string::npos);
}

TEST(ScenarioWriter, AChallengeIsKeptAndItsAckSharesTheInvitesBranch) {
  std::vector<FrameSpec> frames = test::sample_call();
  std::vector<FrameSpec> challenged;
  auto step = [&](const char *start, const char *cseq, bool from_caller, bool to_tag,
                  std::string extra = "") {
    FrameSpec f = frames[0];
    f.source_port = from_caller ? 5061 : 5060;
    f.destination_port = from_caller ? 5060 : 5061;
    f.payload = test::sample_message(start, cseq, from_caller, to_tag, false);
    f.payload.insert(f.payload.find("Content-Length"), extra);
    f.stamp_us += static_cast<int64_t>(challenged.size()) * 1000;
    challenged.push_back(f);
  };
  step("INVITE sip:bob@127.0.0.1:5060 SIP/2.0", "1 INVITE", true, false);
  step("SIP/2.0 407 Proxy Authentication Required", "1 INVITE", false, true,
       "Proxy-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\n");
  step("ACK sip:bob@127.0.0.1:5060 SIP/2.0", "1 ACK", true, true);
  step("INVITE sip:bob@127.0.0.1:5060 SIP/2.0", "2 INVITE", true, false,
       "Proxy-Authorization: Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:b\", "
       "response=\"0123\"\r\n");
  step("SIP/2.0 486 Busy Here", "2 INVITE", false, true);
  step("ACK sip:bob@127.0.0.1:5060 SIP/2.0", "2 ACK", true, true);
  const CapturedCall call = call_of(challenged);
  const std::string uac = write_scenario(ScenarioInput{&call, CallSide::caller, "uac", "t", ""});
  EXPECT_NE(uac.find("<recv response=\"407\" auth=\"true\"/>"), std::string::npos) << uac;
  EXPECT_NE(uac.find("branch=[branch-2]"), std::string::npos) << uac;
  EXPECT_NE(uac.find("\n      [authentication]\n"), std::string::npos) << uac;
  const gossipper::test::Compiled compiled = gossipper::test::compile(uac);
  EXPECT_TRUE(compiled.ok) << ::testing::PrintToString(compiled.diagnostics);
  const std::string uas = write_scenario(ScenarioInput{&call, CallSide::callee, "uas", "t", ""});
  EXPECT_NE(uas.find("Proxy-Authenticate: Digest realm=\"r\", nonce=\"n\""), std::string::npos);
  EXPECT_TRUE(gossipper::test::compile(uas).ok);
}

TEST(ScenarioWriter, ACancelledCallSharesTheInvitesBranchAndAnswersTheCancelFirst) {
  std::vector<FrameSpec> frames;
  auto step = [&](const char *start, const char *cseq, bool from_caller, bool to_tag) {
    FrameSpec f;
    f.source_port = from_caller ? 5061 : 5060;
    f.destination_port = from_caller ? 5060 : 5061;
    f.payload = test::sample_message(start, cseq, from_caller, to_tag, false);
    f.stamp_us = 1'000'000 + static_cast<int64_t>(frames.size()) * 1000;
    frames.push_back(f);
  };
  step("INVITE sip:bob@127.0.0.1:5060 SIP/2.0", "1 INVITE", true, false);
  step("SIP/2.0 180 Ringing", "1 INVITE", false, true);
  step("CANCEL sip:bob@127.0.0.1:5060 SIP/2.0", "1 CANCEL", true, false);
  step("SIP/2.0 200 OK", "1 CANCEL", false, true);
  step("SIP/2.0 487 Request Terminated", "1 INVITE", false, true);
  step("ACK sip:bob@127.0.0.1:5060 SIP/2.0", "1 ACK", true, true);
  const CapturedCall call = call_of(frames);
  const Expected<void> complete = check_complete(call);
  ASSERT_TRUE(complete) << complete.error().message;
  const std::string uac = write_scenario(ScenarioInput{&call, CallSide::caller, "uac", "t", ""});
  // The 180 is waited for: an optional receive cannot come just before a send.
  EXPECT_EQ(flow(uac), (std::vector<std::string>{"send:INVITE", "recv:180", "send:CANCEL",
                                                 "recv:200", "recv:487", "send:ACK"}));
  // The CANCEL is two elements after the INVITE, the ACK five.
  EXPECT_NE(uac.find("branch=[branch-2]"), std::string::npos) << uac;
  EXPECT_NE(uac.find("branch=[branch-5]"), std::string::npos) << uac;
  const std::string uas = write_scenario(ScenarioInput{&call, CallSide::callee, "uas", "t", ""});
  // The 487 answers the INVITE while the CANCEL was received last: the same
  // Via, From and Call-ID, the INVITE's CSeq method, the callee's tag added.
  EXPECT_NE(uas.find("SIP/2.0 487 Request Terminated\n      [last_Via:]\n      [last_From:]\n"
                     "      [last_To:];tag=[pid]SIPpTag01[call_number]\n      [last_Call-ID:]\n"
                     "      CSeq: [last_cseq_number] INVITE\n"),
            std::string::npos)
      << uas;
  for (const std::string *xml : {&uac, &uas}) {
    const gossipper::test::Compiled compiled = gossipper::test::compile(*xml);
    EXPECT_TRUE(compiled.ok) << ::testing::PrintToString(compiled.diagnostics);
  }
}

TEST(ScenarioWriter, TheCalleesReInviteIsAnsweredByTheCaller) {
  // The sample call with a hold from the callee between the ACK and the BYE
  // (3 ms of the 300 before the BYE).
  std::vector<FrameSpec> frames = test::sample_call();
  const std::vector<FrameSpec> tail(frames.begin() + 5, frames.end());
  frames.resize(5);
  auto step = [&](const char *start, const char *cseq, bool from_caller, bool sdp) {
    FrameSpec f;
    f.source_port = from_caller ? 5061 : 5060;
    f.destination_port = from_caller ? 5060 : 5061;
    f.payload = test::sample_message(start, cseq, from_caller, true, sdp);
    f.stamp_us = frames.back().stamp_us + 1000;
    frames.push_back(f);
  };
  step("INVITE sip:alice@127.0.0.1:5061 SIP/2.0", "1 INVITE", false, true);
  step("SIP/2.0 200 OK", "1 INVITE", true, true);
  step("ACK sip:alice@127.0.0.1:5061 SIP/2.0", "1 ACK", false, false);
  frames.insert(frames.end(), tail.begin(), tail.end());
  const CapturedCall call = call_of(frames);
  const std::string uac = write_scenario(ScenarioInput{&call, CallSide::caller, "uac", "t", ""});
  EXPECT_EQ(flow(uac), (std::vector<std::string>{"send:INVITE", "recv:100?", "recv:180?",
                                                 "recv:200", "send:ACK", "recv:INVITE", "send:200",
                                                 "recv:ACK", "pause:297", "send:BYE", "recv:200"}));
  // The caller's answer keeps the dialog's To tag (the re-INVITE's To has it).
  EXPECT_NE(uac.find("CSeq: [last_cseq_number] INVITE\n      Contact: <sip:alice@[local_ip]:"
                     "[local_port]>"),
            std::string::npos)
      << uac;
  const std::string uas = write_scenario(ScenarioInput{&call, CallSide::callee, "uas", "t", ""});
  EXPECT_NE(uas.find("From: <sip:bob@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]\n"
                     "      To: <sip:alice@[remote_ip]:[remote_port]>[peer_tag_param]"),
            std::string::npos)
      << uas;
  for (const std::string *xml : {&uac, &uas}) {
    const gossipper::test::Compiled compiled = gossipper::test::compile(*xml);
    EXPECT_TRUE(compiled.ok) << ::testing::PrintToString(compiled.diagnostics);
  }
}

TEST(ScenarioWriter, MediaPlaysAfterTheAck) {
  const CapturedCall call = call_of(test::sample_call());
  const std::string uac =
      write_scenario(ScenarioInput{&call, CallSide::caller, "uac", "t", "uac_rtp.pcap"});
  const size_t ack = uac.find("ACK sip:");
  const size_t play = uac.find("<exec play_pcap_audio=\"uac_rtp.pcap\"/>");
  ASSERT_NE(play, std::string::npos);
  EXPECT_LT(ack, play);
  EXPECT_LT(play, uac.find("BYE sip:"));
}

} // namespace
} // namespace gossipper::runtime::capture
