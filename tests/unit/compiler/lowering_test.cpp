// AST to IR: keywords, variables, labels, RTDs, transactions, distributions.
#include "test_support.hpp"

#include "gossipper/ir/printer.hpp"

#include <gtest/gtest.h>

namespace gossipper::test {
namespace {

const char *kInvite = R"(<send><![CDATA[
  INVITE sip:x SIP/2.0
  CSeq: [cseq+1] INVITE
  Call-ID: [call_id]
  Content-Length: [len]
]]></send>)";

TEST(Lowering, SimpleKeywordsAndOffsets) {
  auto c = compile(scenario(kInvite));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  const auto &send = std::get<ir::SendState>(c.scenario().states.at(0).body);
  EXPECT_EQ(send.method, "INVITE");
  EXPECT_FALSE(send.is_response);
  ASSERT_GE(send.message.segments.size(), 2U);
  const ir::Segment &cseq = send.message.segments[1];
  EXPECT_EQ(cseq.kind, ir::Segment::Kind::Keyword);
  EXPECT_EQ(cseq.keyword, ir::Keyword::Cseq);
  EXPECT_EQ(cseq.offset, 1);
  EXPECT_EQ(c.scenario().mode, ir::Mode::Client);
}

TEST(Lowering, ResponseCodeFromFirstLine) {
  auto c = compile(scenario(R"(<recv request="INVITE"/><send><![CDATA[
    SIP/2.0 486 Busy Here
    [last_Via:]
  ]]></send>)"));
  ASSERT_TRUE(c.ok);
  const auto &send = std::get<ir::SendState>(c.scenario().states.at(1).body);
  EXPECT_TRUE(send.is_response);
  EXPECT_EQ(send.code, 486);
  EXPECT_EQ(send.message.segments.at(1).kind, ir::Segment::Kind::LastHeader);
  EXPECT_EQ(send.message.segments.at(1).text, "Via:");
  EXPECT_EQ(c.scenario().mode, ir::Mode::Server);
}

TEST(Lowering, VariablesAreTypedByTheirAssignments) {
  auto c = compile(scenario(R"X(<nop><action>
      <ereg regexp="a(b)" search_in="msg" assign_to="all,sub"/>
      <assign assign_to="n" value="3"/>
      <add assign_to="n" variable="n"/>
      <test assign_to="ok" variable="n" compare="equal" value="3"/>
      <assignstr assign_to="sub" value="[$all]"/>
      <strcmp assign_to="n" variable="sub" value="b"/>
    </action></nop>
    <send next="end" test="ok"><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send><label id="end"/>)X"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  const ir::Scenario &s = c.scenario();
  EXPECT_EQ(s.find_variable("all")->type, ir::VarType::String);
  EXPECT_EQ(s.find_variable("sub")->type, ir::VarType::String);
  EXPECT_EQ(s.find_variable("n")->type, ir::VarType::Double);
  EXPECT_EQ(s.find_variable("ok")->type, ir::VarType::Bool);
  EXPECT_EQ(s.find_variable("n")->references, 5U);
  EXPECT_EQ(s.states.at(1).next.index, 2);
}

TEST(Lowering, ScopedVariablesAndReference) {
  auto c = compile(scenario(R"(<Global variables="g"/><User variables="u"/>
    <Reference variables="once"/>
    <nop><action><assign assign_to="g" value="1"/><assign assign_to="u" value="1"/>
    <assign assign_to="once" value="1"/></action></nop>
    <send><![CDATA[
      MESSAGE sip:x SIP/2.0
    ]]></send>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  EXPECT_EQ(c.scenario().find_variable("g")->scope, ir::VarScope::Global);
  EXPECT_EQ(c.scenario().find_variable("u")->scope, ir::VarScope::User);
  EXPECT_TRUE(c.scenario().find_variable("once")->referenced_explicitly);
}

TEST(Lowering, RtdTrueIsOneAndCountersAreIndexed) {
  auto c = compile(scenario(R"(<send start_rtd="setup" counter="invites"><![CDATA[
      INVITE sip:x SIP/2.0
    ]]></send><recv response="200" rtd="setup" start_rtd="true"/>
    <recv response="200" rtd="1" counter="invites"/>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  const ir::Scenario &s = c.scenario();
  ASSERT_EQ(s.rtds.size(), 2U);
  EXPECT_EQ(s.rtds[0].name, "setup");
  EXPECT_EQ(s.rtds[1].name, "1");
  EXPECT_EQ(s.states[1].stop_rtd, 1U);
  EXPECT_EQ(s.states[1].start_rtd, 2U);
  ASSERT_EQ(s.counters.size(), 1U);
  EXPECT_EQ(s.states[2].counter, 0);
}

TEST(Lowering, CseqMethodsOfResponses) {
  auto c = compile(scenario(R"(<send><![CDATA[
      REGISTER sip:x SIP/2.0
    ]]></send><recv response="200"/><send><![CDATA[
      INVITE sip:x SIP/2.0
    ]]></send><recv response="200"/>)"));
  ASSERT_TRUE(c.ok);
  const auto &r1 = std::get<ir::RecvState>(c.scenario().states.at(1).body);
  const auto &r2 = std::get<ir::RecvState>(c.scenario().states.at(3).body);
  EXPECT_EQ(r1.cseq_methods, (std::vector<std::string>{"REGISTER"}));
  EXPECT_EQ(r2.cseq_methods, (std::vector<std::string>{"REGISTER", "INVITE"}));
}

TEST(Lowering, PauseForms) {
  auto c = compile(scenario(R"(<send><![CDATA[
      INVITE sip:x SIP/2.0
    ]]></send>
    <pause/><pause milliseconds="250"/><pause min="1" max="5"/>
    <pause distribution="lognormal" mean="3" stdev="1"/>
    <pause normal="yes" mean="10" stdev="2"/>
    <nop><action><assign assign_to="p" value="5"/></action></nop><pause variable="p"/>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  const auto &s = c.scenario().states;
  using K = ir::Distribution::Kind;
  EXPECT_EQ(std::get<ir::PauseState>(s[1].body).distribution.kind, K::Default);
  EXPECT_EQ(std::get<ir::PauseState>(s[2].body).distribution.kind, K::Fixed);
  EXPECT_EQ(std::get<ir::PauseState>(s[2].body).distribution.params, (std::vector<double>{250}));
  EXPECT_EQ(std::get<ir::PauseState>(s[3].body).distribution.kind, K::Uniform);
  EXPECT_EQ(std::get<ir::PauseState>(s[4].body).distribution.kind, K::LogNormal);
  EXPECT_EQ(std::get<ir::PauseState>(s[5].body).distribution.kind, K::Normal);
  EXPECT_NE(std::get<ir::PauseState>(s[7].body).variable, ir::kNoVar);
}

TEST(Lowering, InjectionFieldFileFillAndAuthentication) {
  auto c = compile(scenario(R"(<nop><action><assign assign_to="n" value="2"/></action></nop>
    <send><![CDATA[
      REGISTER sip:[field0 file="users.csv" line="[$n]"] SIP/2.0
      X-File: [file name="body.txt"]
      X-Fill: [fill variable=n text=ab]
      [authentication username=alice password=0x414243]
    ]]></send>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  const auto &msg = std::get<ir::SendState>(c.scenario().states.at(1).body).message;
  std::string printed = ir::print_template(msg, c.scenario());
  EXPECT_NE(printed.find("[field0 file=\"users.csv\" line={[$0:n]}]"), std::string::npos) << printed;
  EXPECT_NE(printed.find("[file name={\"body.txt\"}]"), std::string::npos) << printed;
  EXPECT_NE(printed.find("[fill $0:n text=\"ab\"]"), std::string::npos) << printed;
  EXPECT_NE(printed.find("[authentication username={\"alice\"} password={\"ABC\"}]"),
            std::string::npos)
      << printed;
}

TEST(Lowering, CustomKeysComeFromTheCommandLine) {
  std::string xml = scenario(R"(<send><![CDATA[
      INVITE sip:[callee]@x SIP/2.0
    ]]></send>)");
  EXPECT_FALSE(compile(xml).ok);
  compiler::FrontendOptions opts;
  opts.lowering.custom_keys.insert("callee");
  auto c = compile(xml, opts);
  ASSERT_TRUE(c.ok);
  EXPECT_EQ(std::get<ir::SendState>(c.scenario().states.at(0).body).message.segments.at(1).kind,
            ir::Segment::Kind::CustomKey);
}

TEST(Lowering, TransactionsAndHiderest) {
  auto c = compile(scenario(R"(<send start_txn="inv" hiderest="true"><![CDATA[
      INVITE sip:x SIP/2.0
    ]]></send><recv response="200" response_txn="inv"/>
    <send ack_txn="inv" hide="false"><![CDATA[
      ACK sip:x SIP/2.0
    ]]></send>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  const ir::Scenario &s = c.scenario();
  ASSERT_EQ(s.transactions.size(), 1U);
  EXPECT_TRUE(s.transactions[0].is_invite);
  EXPECT_TRUE(s.states[0].hide);
  EXPECT_TRUE(s.states[1].hide);
  EXPECT_FALSE(s.states[2].hide);
  EXPECT_TRUE(std::get<ir::RecvState>(s.states[1].body).cseq_methods.empty());
}

TEST(Lowering, InitAndUnexpectedLabel) {
  auto c = compile(scenario(R"(<init><nop><action><assign assign_to="x" value="1"/>
    </action></nop><label id="i"/></init>
    <send><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send><label id="_unexp.main"/>
    <nop><action><log message="[$x]"/></action></nop>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  EXPECT_EQ(c.scenario().init_states.size(), 1U);
  EXPECT_EQ(c.scenario().init_labels.size(), 1U);
  EXPECT_EQ(c.scenario().unexpected_jump, 1);
}

} // namespace
} // namespace gossipper::test
