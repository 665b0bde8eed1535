// The verifier: SIPp's load-time rules and ours, each with its message.
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::test {
namespace {

struct Rule {
  const char *name;
  std::string body;
  std::string diag; ///< the one expected diagnostic
};

class VerifierRules : public ::testing::TestWithParam<Rule> {};

TEST_P(VerifierRules, Reports) {
  auto c = compile(scenario(GetParam().body));
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.diagnostics.size(), 1U) << ::testing::PrintToString(c.diagnostics);
  EXPECT_EQ(c.diagnostics[0], GetParam().diag);
}

INSTANTIATE_TEST_SUITE_P(
    Table, VerifierRules,
    ::testing::Values(
        Rule{"unknown_label", kOptionsSend + R"(<recv response="200" next="x"/>)",
             "t.xml:6:28: error: unknown label 'x' in next="},
        Rule{"unknown_ontimeout", kOptionsSend + R"(<recv response="200" ontimeout="y"/>)",
             "t.xml:6:33: error: unknown label 'y' in ontimeout="},
        Rule{"duplicate_label", kOptionsSend + R"(<label id="a"/><label id="a"/>)",
             "t.xml:6:16: error: label 'a' is defined twice (first at line 6)"},
        Rule{"used_once",
             kOptionsSend +
                 R"(<recv response="200"><action><ereg regexp="x" assign_to="v"/></action></recv>)",
             "t.xml:6:58: error: variable 'v' is used only once; a variable that is only set or "
             "only read is usually a typo (name it in <Reference variables=\"v\"/> if this is "
             "intended)"},
        Rule{"response_range", kOptionsSend + R"(<recv response="99"/>)",
             "t.xml:6:1: error: response code 99 is outside 100-699"},
        Rule{"send_response_range", R"(<recv request="INVITE"/><send><![CDATA[
      SIP/2.0 700 Odd
    ]]></send>)",
             "t.xml:4:7: error: response code 700 is outside 100-699"},
        Rule{"bad_regex", kOptionsSend + R"(<recv request="(" regexp_match="true"/>)",
             "t.xml:6:1: error: regular expression '(' does not compile: Unmatched ( or \\("},
        Rule{"first_line_keyword", R"(<send><![CDATA[
      [service] sip:x SIP/2.0
    ]]></send>)",
             "t.xml:4:7: error: the first line of a message must start with a literal method "
             "or 'SIP/2.0 <code>' (a keyword there would break [cseq] and matching)"},
        Rule{"timewait_not_last", kOptionsSend + R"(<timewait milliseconds="10"/>)" + kOptionsSend,
             "t.xml:6:30: error: <send> after <timewait>: <timewait> must be the last command of "
             "a scenario"},
        Rule{"optional_then_send",
             kOptionsSend + R"(<recv response="100" optional="true"/>)" + kOptionsSend,
             "t.xml:6:39: error: <send> follows optional receives with no mandatory one in "
             "between: the call could never tell when to send; make one of them mandatory "
             "(remove optional=\"true\")"},
        Rule{"rtd_never_stopped", kOptionsSend + R"(<recv response="200" start_rtd="a"/>)",
             "t.xml:6:33: error: response time 'a' is started but never stopped (rtd=\"a\")"},
        Rule{"advance_state_mandatory",
             kOptionsSend + R"(<recv response="200" advance_state="false"/>)",
             "t.xml:6:1: error: advance_state=\"false\" is only allowed on an optional <recv>"},
        Rule{"chance_range",
             kOptionsSend + R"(<label id="l"/><recv response="200" next="l" chance="2"/>)",
             "t.xml:6:16: error: chance must be between 0 and 1"},
        Rule{
            "divide_by_zero",
            kOptionsSend +
                R"(<nop><action><divide assign_to="a" value="0"/></action></nop><Reference variables="a"/>)",
            "t.xml:6:14: error: divide by the constant zero"},
        Rule{"no_commands", "<label id=\"x\"/>",
             "t.xml:2:1: error: the scenario has no command (send, recv, pause, nop, sendCmd or "
             "recvCmd)"},
        Rule{"no_mode", "<pause milliseconds=\"1\"/>",
             "t.xml:2:1: error: cannot tell whether this scenario is a client or a server: it has "
             "no send, recv, sendCmd or recvCmd"},
        Rule{"txn_never_answered", R"(<send start_txn="t"><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send>)",
             "t.xml:3:18: error: transaction 't' has no response (response_txn=)"}),
    [](const ::testing::TestParamInfo<Rule> &i) { return std::string(i.param.name); });

TEST(Verifier, ThreePccNeedsAPeerWhenTheCommandLineIsKnown) {
  std::string xml =
      scenario(kOptionsSend + "<sendCmd><![CDATA[\nCall-ID: [call_id]\n]]></sendCmd>");
  EXPECT_TRUE(compile(xml).ok); // plain check: the command line is unknown
  compiler::FrontendOptions opts;
  opts.verify.check_3pcc = true;
  auto c = compile(xml, opts);
  ASSERT_EQ(c.diagnostics.size(), 1U);
  EXPECT_EQ(c.diagnostics[0], "t.xml:6:1: error: <sendCmd> needs a 3PCC peer: give -3pcc "
                              "HOST:PORT, or -master/-slave with -slave_cfg");
  opts.verify.twin_3pcc = true;
  EXPECT_TRUE(compile(xml, opts).ok);
}

TEST(Verifier, ExtendedThreePccPeersMustBeKnown) {
  compiler::FrontendOptions opts;
  opts.verify.check_3pcc = true;
  opts.verify.extended_3pcc = true;
  opts.verify.peers = {"s1"};
  auto c = compile(
      scenario(kOptionsSend + "<sendCmd dest=\"s2\"><![CDATA[\nCall-ID: [call_id]\n]]></sendCmd>"),
      opts);
  ASSERT_EQ(c.diagnostics.size(), 1U);
  EXPECT_EQ(c.diagnostics[0], "t.xml:6:1: error: 3PCC peer 's2' is not in the -slave_cfg file");
}

TEST(Verifier, InjectionFieldsAgainstTheGivenFile) {
  std::string xml = scenario(R"(<send><![CDATA[
      INVITE sip:[field1]@[field3 file="b.csv"] SIP/2.0
    ]]></send>)");
  EXPECT_TRUE(compile(xml).ok); // no -inf given to check: not checked
  compiler::FrontendOptions opts;
  opts.verify.check_injection = true;
  opts.verify.default_injection_file = "a.csv";
  opts.verify.injection_fields = {{"a.csv", 2}, {"b.csv", 3}};
  auto c = compile(xml, opts);
  ASSERT_EQ(c.diagnostics.size(), 1U);
  EXPECT_EQ(c.diagnostics[0], "t.xml:4:27: error: [field3] is beyond the 3 fields of 'b.csv'");
  opts.verify.injection_fields = {{"a.csv", 1}, {"b.csv", 4}};
  c = compile(xml, opts);
  ASSERT_EQ(c.diagnostics.size(), 1U);
  EXPECT_EQ(c.diagnostics[0], "t.xml:4:18: error: [field1] is beyond the 1 field of 'a.csv'");
}

TEST(Verifier, AllProblemsOfAFileInOneRun) {
  auto c = compile(scenario(kOptionsSend + R"(<recv response="200" next="x"/><recv response="999"/>
    <recv response="200" ontimeout="y"/>)"));
  EXPECT_EQ(c.diagnostics.size(), 3U);
}

} // namespace
} // namespace gossipper::test
