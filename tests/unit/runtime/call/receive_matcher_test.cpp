// SIPp's matching of a received message to a <recv>: forward through
// optional elements, then backward; responses by code and CSeq method.
#include "call/receive_matcher.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

const char *kInvite = R"(<send><![CDATA[
      INVITE sip:x SIP/2.0
      Via: SIP/2.0/UDP 127.0.0.1;branch=[branch]
      Call-ID: [call_id]
      CSeq: 1 INVITE
    ]]></send>
)";

const char *kAck = R"(<send><![CDATA[
      ACK sip:x SIP/2.0
      Call-ID: [call_id]
      CSeq: 1 ACK
    ]]></send>
)";

class Matcher {
public:
  explicit Matcher(const std::string &body) {
    test::Compiled c = test::compile(test::scenario(body));
    for (const std::string &d : c.diagnostics) {
      ADD_FAILURE() << d; // not even a warning
    }
    scenario = c.take_scenario();
    matcher = std::make_unique<ReceiveMatcher>(scenario);
    call.txn_branch.resize(scenario.transactions.size());
  }
  ReceiveMatch find(int at, ReceivedKey key) {
    call.msg_index = at;
    return matcher->find(call, key);
  }

  ir::Scenario scenario;
  std::unique_ptr<ReceiveMatcher> matcher;
  Call call;
};

ReceivedKey response(int code, std::string_view cseq_method, std::string_view branch = {}) {
  ReceivedKey k;
  k.code = code;
  k.cseq_method = cseq_method;
  k.branch = branch;
  return k;
}

ReceivedKey request(std::string_view method) {
  ReceivedKey k;
  k.method = method;
  return k;
}

std::string uac_body() {
  return std::string(kInvite) + R"(
    <recv response="100" optional="true"/>
    <recv response="180" optional="true"/>
    <recv response="200"/>
  )" + kAck +
         R"(
    <recv request="BYE"/>
  )";
}

TEST(ReceiveMatcher, SearchesForwardThroughOptionalElements) {
  Matcher m(uac_body());
  EXPECT_EQ(m.find(1, response(100, "INVITE")).index, 1);
  EXPECT_EQ(m.find(1, response(180, "INVITE")).index, 2);
  ReceiveMatch ok = m.find(1, response(200, "INVITE"));
  EXPECT_EQ(ok.kind, ReceiveMatch::Kind::Element);
  EXPECT_EQ(ok.index, 3);
  // Past a mandatory element the search stops.
  EXPECT_EQ(m.find(1, request("BYE")).kind, ReceiveMatch::Kind::None);
}

TEST(ReceiveMatcher, ResponsesNeedAMethodTheCallSent) {
  Matcher m(uac_body());
  EXPECT_EQ(m.find(1, response(200, "BYE")).kind, ReceiveMatch::Kind::None);
  EXPECT_EQ(m.find(1, response(183, "INVITE")).kind, ReceiveMatch::Kind::None);
  // SIPp looks the CSeq method up in the concatenated list: a prefix of a
  // method sent is found, and an empty one always is.
  EXPECT_EQ(m.find(1, response(200, "INV")).index, 3);
  EXPECT_EQ(m.find(1, response(200, "")).index, 3);
}

TEST(ReceiveMatcher, SearchesBackwardThroughContiguousOptionalElements) {
  Matcher m(uac_body());
  // At the 200 (index 3): a late 180 goes back to its optional element.
  EXPECT_EQ(m.find(3, response(180, "INVITE")).index, 2);
  EXPECT_EQ(m.find(3, response(100, "INVITE")).index, 1);
}

TEST(ReceiveMatcher, ARetransmittedFinalAnswerResendsTheAck) {
  Matcher m(uac_body());
  // At the BYE (index 5), past the ACK: the 200 is not contiguous, and an
  // ACK follows its element.
  ReceiveMatch again = m.find(5, response(200, "INVITE"));
  EXPECT_EQ(again.kind, ReceiveMatch::Kind::ResendAck);
  EXPECT_EQ(again.index, 4);
  // Not for a response to something else.
  EXPECT_EQ(m.find(5, response(200, "BYE")).kind, ReceiveMatch::Kind::None);
}

TEST(ReceiveMatcher, GlobalOptionalElementsMatchFromAnywhere) {
  Matcher m(std::string(kInvite) + R"(
    <recv response="200"/>
  )" + kAck +
            R"(
    <recv request="INFO" optional="global"/>
    <recv request="UPDATE" optional="true"/>
    <recv request="OPTIONS"/>
    <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_Call-ID:]
      [last_CSeq:]
    ]]></send>
    <pause milliseconds="1000"/>
    <recv request="BYE"/>
  )");
  // At the BYE (index 8), behind a pause: the global INFO is found, the
  // plain optional UPDATE is not.
  EXPECT_EQ(m.find(8, request("INFO")).index, 3);
  EXPECT_EQ(m.find(8, request("UPDATE")).kind, ReceiveMatch::Kind::None);
  EXPECT_EQ(m.find(8, request("BYE")).index, 8);
}

TEST(ReceiveMatcher, RegularExpressionsMatchMethodsAndCodes) {
  Matcher m(std::string(kInvite) + R"(
    <recv response="18[03]" regexp_match="true" optional="true"/>
    <recv response="200"/>
    <recv request="INFO|UPDATE" regexp_match="true"/>
  )");
  EXPECT_EQ(m.find(1, response(183, "INVITE")).index, 1);
  EXPECT_EQ(m.find(1, response(181, "INVITE")).kind, ReceiveMatch::Kind::None);
  EXPECT_EQ(m.find(3, request("UPDATE")).index, 3);
  EXPECT_EQ(m.find(3, request("BYE")).kind, ReceiveMatch::Kind::None);
  // A request never matches a response element, nor the reverse.
  EXPECT_EQ(m.find(2, request("INVITE")).kind, ReceiveMatch::Kind::None);
}

TEST(ReceiveMatcher, ResponseTransactionsMatchByBranch) {
  Matcher m(R"(<send start_txn="invite"><![CDATA[
      INVITE sip:x SIP/2.0
      Via: SIP/2.0/UDP 127.0.0.1;branch=[branch]
      Call-ID: [call_id]
      CSeq: 1 INVITE
    ]]></send>
    <recv response="200" response_txn="invite"/>
    <send ack_txn="invite"><![CDATA[
      ACK sip:x SIP/2.0
      Call-ID: [call_id]
      CSeq: 1 ACK
    ]]></send>
  )");
  m.call.txn_branch[0] = "z9hG4bK-1";
  EXPECT_EQ(m.find(1, response(200, "INVITE", "z9hG4bK-1")).index, 1);
  EXPECT_EQ(m.find(1, response(200, "INVITE", "z9hG4bK-2")).kind, ReceiveMatch::Kind::None);
}

} // namespace
} // namespace gossipper::runtime
