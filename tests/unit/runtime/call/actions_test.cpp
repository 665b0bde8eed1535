// The scenario actions through a call: each test runs actions in a <nop> or
// on the peer's answer, then sends a message whose headers render the
// variables ([$var]), so the bytes sent show what the actions did; failed
// checks fail the call at its end with their own counter, and errors SIPp
// treats as fatal are counted as such.
#include "probe_call.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

using test::after_answer;
using test::after_nop;
using ActionCall = test::ProbeCall;

TEST(EregAction, SearchesTheMessageAndAssignsTheGroups) {
  ActionCall c(after_answer(R"~(<ereg regexp="X-Token: ([a-z]+)-([0-9]+)" search_in="msg"
                                      check_it="true" assign_to="all,word,num"/>)~",
                            "  X-All: [$all]\n  X-Word: [$word]\n  X-Num: [$num]"));
  c.run("X-Token: abc-42\r\n");
  EXPECT_TRUE(c.sent_line("X-All: X-Token: abc-42")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Word: abc"));
  EXPECT_TRUE(c.sent_line("X-Num: 42"));
  EXPECT_EQ(c.h.count(Counter::SuccessfulCall), 1U);
}

TEST(EregAction, SearchesTheNamedOccurrenceOfAHeader) {
  ActionCall c(after_answer(R"(
      <ereg regexp="[a-z]+" search_in="hdr" header="X-Token:" occurrence="2" assign_to="second"/>
      <ereg regexp="[a-z]+" search_in="hdr" header="x-token:" case_indep="true" assign_to="first"/>
      )",
                            "  X-First: [$first]\n  X-Second: [$second]"));
  c.run("X-Token: one\r\nX-Token: two\r\n");
  EXPECT_TRUE(c.sent_line("X-First: one")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Second: two"));
}

TEST(EregAction, SearchesTheBodyOnly) {
  ActionCall c(after_answer(R"~(<ereg regexp="o=([a-z]+)" search_in="body" assign_to="o,user"/>)~",
                            "  X-User: [$user]\n  X-O: [$o]"));
  c.run("X-Info: o=header\r\n", "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\n");
  EXPECT_TRUE(c.sent_line("X-User: alice")) << c.last();
  EXPECT_TRUE(c.sent_line("X-O: o=alice"));
}

TEST(EregAction, SearchesAVariable) {
  ActionCall c(after_nop(R"~(<assignstr assign_to="uri" value="sip:bob@example.com"/>
      <ereg regexp="sip:([^@]+)@(.*)" search_in="var" variable="uri" assign_to="all,user,host"/>)~",
                         "  X-Uri: [$uri] [$all]\n  X-User: [$user]\n  X-Host: [$host]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-User: bob")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Host: example.com"));
}

TEST(CheckIt, AFailedCheckFailsTheCallAtItsEndWithItsCounter) {
  struct Case {
    const char *actions;
    Counter counter;
  };
  const Case cases[] = {
      {R"(<ereg regexp="xyz" check_it="true" assign_to="v"/>)", Counter::FailedRegexpDoesntMatch},
      {R"(<ereg regexp="abc" check_it_inverse="true" assign_to="v"/>)",
       Counter::FailedRegexpShouldntMatch},
      {R"(<ereg regexp="." search_in="hdr" header="X-Absent:" check_it="true" assign_to="v"/>)",
       Counter::FailedRegexpHdrNotFound},
      {R"(<assignstr assign_to="v" value="abc"/>
          <strcmp variable="v" value="abd" check_it="true"/>)",
       Counter::FailedStrcmpDoesntMatch},
      {R"(<assignstr assign_to="v" value="abc"/>
          <strcmp variable="v" value="abc" check_it_inverse="true"/>)",
       Counter::FailedStrcmpShouldntMatch},
      {R"(<assign assign_to="v" value="1"/>
          <test variable="v" compare="equal" value="2" check_it="true"/>)",
       Counter::FailedTestDoesntMatch},
      {R"(<assign assign_to="v" value="1"/>
          <test variable="v" compare="equal" value="1" check_it_inverse="true"/>)",
       Counter::FailedTestShouldntMatch},
  };
  for (const Case &k : cases) {
    SCOPED_TRACE(k.actions);
    ActionCall c(after_answer(k.actions, "  X-V: [$v]"));
    c.run("X-Token: abc\r\n");
    EXPECT_EQ(c.h.transport.sent.size(), 2U); // the scenario went on
    EXPECT_EQ(c.h.count(k.counter), 1U);
    EXPECT_EQ(c.h.count(Counter::FailedCall), 1U);
    EXPECT_EQ(c.h.count(Counter::SuccessfulCall), 0U);
  }
}

TEST(CheckIt, AFailedCheckEndsTheActionList) {
  ActionCall c(after_answer(R"(<ereg regexp="xyz" check_it="true" assign_to="v"/>
      <assignstr assign_to="after" value="ran"/>)",
                            "  X-After: <[$after]>[$v]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-After: <>")) << c.last();
  EXPECT_EQ(c.h.count(Counter::FailedRegexpDoesntMatch), 1U);
}

TEST(CheckIt, InANopTheResultIsIgnored) {
  ActionCall c(after_nop(R"(<assign assign_to="v" value="1"/>
      <test variable="v" compare="equal" value="2" check_it="true"/>)",
                         "  X-V: [$v]"));
  c.run();
  EXPECT_EQ(c.h.count(Counter::FailedTestDoesntMatch), 0U);
  EXPECT_EQ(c.h.count(Counter::SuccessfulCall), 1U);
}

TEST(ArithmeticActions, AssignAddSubtractMultiplyDivide) {
  ActionCall c(after_nop(R"(<assign assign_to="n" value="6"/>
      <add assign_to="n" value="4"/>
      <multiply assign_to="n" value="3"/>
      <subtract assign_to="n" value="2"/>
      <divide assign_to="n" value="8"/>
      <assign assign_to="m" variable="n"/>
      <add assign_to="m" variable="n"/>)",
                         "  X-N: [$n]\n  X-M: [$m]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-N: 3.500000")) << c.last();
  EXPECT_TRUE(c.sent_line("X-M: 7.000000"));
  EXPECT_EQ(c.h.count(Counter::Warnings), 0U);
}

TEST(ArithmeticActions, DivisionByZeroKeepsTheValueAndWarns) {
  ActionCall c(after_nop(R"(<assign assign_to="n" value="5"/>
      <assign assign_to="zero" value="0"/>
      <divide assign_to="n" variable="zero"/>)",
                         "  X-N: [$n] [$zero]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-N: 5.000000 ")) << c.last();
  EXPECT_EQ(c.h.count(Counter::Warnings), 1U);
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_NE(c.warnings[0].find("division by zero"), std::string::npos) << c.warnings[0];
}

TEST(StringActions, StrcmpGivesTheSignOfTheComparison) {
  ActionCall c(after_nop(R"(<assignstr assign_to="s" value="abc"/>
      <assignstr assign_to="t" value="abc"/>
      <strcmp assign_to="lt" variable="s" value="abd"/>
      <strcmp assign_to="gt" variable="s" value="abb"/>
      <strcmp assign_to="eq" variable="s" variable2="t"/>)",
                         "  X-Cmp: [$lt]|[$gt]|[$eq]|[$s][$t]"));
  c.run();
  // 0 is a number that renders as nothing.
  EXPECT_TRUE(c.sent_line("X-Cmp: -1.000000|1.000000||abcabc")) << c.last();
}

TEST(StringActions, TestComparesNumbers) {
  ActionCall c(after_nop(R"(<assign assign_to="n" value="7"/>
      <assign assign_to="m" value="7"/>
      <test assign_to="gt" variable="n" compare="greater_than" value="5"/>
      <test assign_to="lt" variable="n" compare="less_than" value="5"/>
      <test assign_to="ge" variable="n" compare="greater_than_equal" variable2="m"/>
      <test assign_to="ne" variable="n" compare="not_equal" variable2="m"/>)",
                         "  X-Test: [$gt] [$lt] [$ge] [$ne] [$n][$m]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-Test: true false true false 7.0000007.000000")) << c.last();
}

TEST(StringActions, ToDoubleConvertsOrWarns) {
  ActionCall c(after_nop(R"(<assignstr assign_to="s" value="42.5"/>
      <assignstr assign_to="bad" value="4x"/>
      <todouble assign_to="d" variable="s"/>
      <todouble assign_to="e" variable="bad"/>)",
                         "  X-D: [$d]|[$e]|[$s][$bad]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-D: 42.500000||42.54x")) << c.last();
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_NE(c.warnings[0].find("todouble"), std::string::npos) << c.warnings[0];
}

TEST(StringActions, TrimUrlencodeUrldecode) {
  ActionCall c(after_nop(R"(<assignstr assign_to="pad" value="  padded&#9; "/>
      <trim assign_to="pad"/>
      <assignstr assign_to="enc" value="a b&amp;c/é"/>
      <urlencode variable="enc"/>
      <assignstr assign_to="dec" value="x%20y+z%2Fw"/>
      <urldecode variable="dec"/>)",
                         "  X-Pad: <[$pad]>\n  X-Enc: [$enc]\n  X-Dec: [$dec]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-Pad: <padded>")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Enc: a%20b%26c%2F%C3%A9"));
  EXPECT_TRUE(c.sent_line("X-Dec: x y z/w"));
}

/// A <nop> running `actions`, a message that should be skipped, then the
/// final message.
std::string jumping(const std::string &actions) {
  return test::scenario("<nop><action>" + actions + "</action></nop>\n" +
                        test::probe_send("  X-Skipped: yes") + test::probe_send("  X-Landed: yes"));
}

TEST(JumpAction, ContinuesAtTheElementGiven) {
  ActionCall c(jumping(R"(<jump value="2"/>)"));
  c.run();
  ASSERT_EQ(c.h.transport.sent.size(), 1U);
  EXPECT_TRUE(c.sent_line("X-Landed: yes")) << c.last();
  EXPECT_EQ(c.h.count(Counter::SuccessfulCall), 1U);

  ActionCall v(jumping(R"(<assign assign_to="to" value="2"/><jump variable="to"/>)"));
  v.run();
  EXPECT_EQ(v.h.transport.sent.size(), 1U);
}

TEST(JumpAction, OutsideTheScenarioItWarnsAndGoesOn) {
  ActionCall c(jumping(R"(<jump value="99"/>)"));
  c.run();
  c.h.advance(CallEngine::kTurnMs);
  EXPECT_EQ(c.h.transport.sent.size(), 2U);
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_NE(c.warnings[0].find("jump to 99"), std::string::npos) << c.warnings[0];
}

TEST(SetDestAction, SendsTheCallElsewhere) {
  ActionCall c(after_nop(R"(<setdest host="127.0.0.2" port="5070" protocol="udp"/>)", ""));
  c.run();
  EXPECT_EQ(c.h.transport.destinations, std::vector<std::string>{"127.0.0.2:5070"});
  EXPECT_EQ(c.h.count(Counter::FatalErrors), 0U);
  EXPECT_EQ(c.h.transport.sent.size(), 1U);
}

TEST(SetDestAction, ABadPortOrProtocolIsFatal) {
  struct Case {
    const char *port;
    const char *protocol;
    const char *says;
  };
  const Case cases[] = {
      {"x", "udp", "Invalid port for setdest: x"},
      {"70000", "udp", "Invalid port for setdest: 70000"},
      {"5070", "tls", "Changing destinations is not supported for TLS."},
      {"5070", "sctp", "Can not switch protocols during setdest."},
      {"5070", "carrier-pigeon", "Unknown transport for setdest: 'carrier-pigeon'"},
      {"5070", "tcp", "Can not switch protocols during setdest."}, // the transport refuses
  };
  for (const Case &k : cases) {
    SCOPED_TRACE(k.says);
    ActionCall c(after_nop(std::string("<setdest host=\"127.0.0.2\" port=\"") + k.port +
                               "\" protocol=\"" + k.protocol + "\"/>",
                           ""));
    c.run();
    EXPECT_TRUE(c.h.transport.destinations.empty());
    EXPECT_EQ(c.h.count(Counter::FatalErrors), 1U);
    EXPECT_EQ(c.warnings, std::vector<std::string>{k.says});
  }
}

TEST(CloseConAction, ClosesTheCallsConnectionAndGoesOn) {
  ActionCall c(after_nop("<closecon/>", ""));
  c.run();
  EXPECT_EQ(c.h.transport.closed, 1);
  EXPECT_EQ(c.h.transport.sent.size(), 1U);
  EXPECT_EQ(c.h.count(Counter::FatalErrors), 0U);
}

TEST(InternalCommand, StopCallRejectsTheCallOnAReceive) {
  ActionCall c(after_answer(R"(<exec int_cmd="stop_call"/>)", ""));
  c.run();
  EXPECT_EQ(c.h.transport.sent.size(), 1U); // the final message is not sent
  EXPECT_EQ(c.h.count(Counter::FailedCallRejected), 1U);
  EXPECT_EQ(c.h.engine->open_calls(), 0U);
}

TEST(InternalCommand, StopGracefullyAndStopNowAskTheRun) {
  int graceful = 0;
  int now = 0;
  RunHooks hooks;
  hooks.stop_gracefully = [&] { ++graceful; };
  hooks.stop_now = [&] { ++now; };
  ActionCall c(after_nop(R"(<exec int_cmd="stop_gracefully"/><exec int_cmd="stop_now"/>)", ""),
               hooks);
  c.run();
  EXPECT_EQ(graceful, 1);
  EXPECT_EQ(now, 1);
  EXPECT_EQ(c.h.count(Counter::SuccessfulCall), 1U); // the call itself goes on
}

/// users.csv as -inf gives it, indexed on its first field (-infindex).
std::shared_ptr<stdlib::InjectionFile> users(bool indexed = true) {
  auto f = std::make_shared<stdlib::InjectionFile>();
  EXPECT_TRUE(f->parse("users.csv", "SEQUENTIAL\nalice;1\nbob;2\n").ok());
  f->make_writable();
  if (indexed) {
    f->build_index(0);
  }
  return f;
}

TEST(InjectionFileActions, LookupInsertReplace) {
  ActionCall c(after_nop(R"(<lookup assign_to="bob" file="users.csv" key="bob"/>
      <lookup assign_to="nobody" file="users.csv" key="zed"/>
      <insert file="users.csv" value="carol;3"/>
      <lookup assign_to="carol" file="users.csv" key="carol"/>
      <replace file="users.csv" line="1" value="robert;2"/>
      <lookup assign_to="robert" file="users.csv" key="robert"/>)",
                         "  X-Lines: [$bob] [$nobody] [$carol] [$robert]"));
  std::shared_ptr<stdlib::InjectionFile> file = users();
  c.h.ctx.injection_files = {{"users.csv", file}};
  c.run();
  EXPECT_TRUE(c.sent_line("X-Lines: 1.000000 -1.000000 2.000000 1.000000")) << c.last();
  EXPECT_EQ(file->lines(), (std::vector<std::string>{"alice;1", "robert;2", "carol;3"}));
  EXPECT_EQ(c.h.count(Counter::FatalErrors), 0U);
}

TEST(InjectionFileActions, MisuseIsFatal) {
  struct Case {
    const char *actions;
    bool indexed;
    const char *says;
  };
  const Case cases[] = {
      {R"(<insert file="nope.csv" value="x"/>)", true,
       "no injection file 'nope.csv' was given with -inf (call 1-4242@127.0.0.1)"},
      {R"(<lookup assign_to="v" file="users.csv" key="bob"/>)", false,
       "<lookup> in 'users.csv', which has no -infindex (call 1-4242@127.0.0.1)"},
      {R"(<replace file="users.csv" line="one" value="x"/>)", true,
       "<replace>: invalid line number 'one' (call 1-4242@127.0.0.1)"},
      {R"(<replace file="users.csv" line="5" value="x"/>)", true,
       "line 5 is outside the injection file 'users.csv' (2 lines) (call 1-4242@127.0.0.1)"},
  };
  for (const Case &k : cases) {
    SCOPED_TRACE(k.actions);
    ActionCall c(
        after_nop(std::string(R"(<assign assign_to="v" value="1"/>)") + k.actions, "  X-V: [$v]"));
    c.h.ctx.injection_files = {{"users.csv", users(k.indexed)}};
    c.run();
    EXPECT_EQ(c.h.count(Counter::FatalErrors), 1U);
    EXPECT_EQ(c.warnings, std::vector<std::string>{k.says});
  }
}

} // namespace
} // namespace gossipper::runtime
