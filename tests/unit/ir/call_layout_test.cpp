// The IR passes that size a call and find dead states: which variables a
// call holds, which states code is generated for, and the warning for a
// state no call can reach.
#include "gossipper/ir/call_layout.hpp"
#include "gossipper/ir/reachability.hpp"
#include "call/variable_tables.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::test {
namespace {

ir::VarId id_of(const ir::Scenario &s, const std::string &name) {
  const ir::Variable *v = s.find_variable(name);
  return v == nullptr ? ir::kNoVar : static_cast<ir::VarId>(v - s.variables.data());
}

TEST(CallLayout, ACallHoldsOnlyTheVariablesTheScenarioReads) {
  auto c = compile(scenario(R"(<send><![CDATA[
      OPTIONS sip:x SIP/2.0
      X: [$shown]
    ]]></send>
    <recv response="200">
      <action>
        <ereg regexp="^(.*)$" search_in="hdr" header="To:" assign_to="dropped,shown"/>
        <assign assign_to="counted" value="1"/>
        <add assign_to="counted" value="1"/>
        <test assign_to="flag" variable="counted" compare="equal" value="2"/>
        <assign assign_to="g" value="3"/>
      </action>
    </recv>
    <Reference variables="dropped"/>
    <Global variables="g"/>
    <pause milliseconds="1" condexec="flag"/>)"));
  ASSERT_TRUE(c.ok) << ::testing::PrintToString(c.diagnostics);
  const ir::Scenario &s = c.scenario();
  ir::CallLayout layout = ir::call_layout(s, ir::number_templates(s));
  EXPECT_EQ(layout.var_slots, 3U); // shown (a [$shown]), counted (test), flag (condexec)
  EXPECT_EQ(layout.var_slot[id_of(s, "dropped")], ir::kNoSlot); // assigned, never read
  EXPECT_EQ(layout.var_slot[id_of(s, "g")], ir::kNoSlot);       // <Global>: once per process
  EXPECT_NE(layout.var_slot[id_of(s, "shown")], ir::kNoSlot);
  EXPECT_NE(layout.var_slot[id_of(s, "counted")], ir::kNoSlot);
  EXPECT_NE(layout.var_slot[id_of(s, "flag")], ir::kNoSlot);

  // A write to a variable without a slot disturbs no other.
  runtime::CallVariables vars;
  vars.init(layout, nullptr, 0);
  vars[id_of(s, "shown")].set_string("kept");
  vars[id_of(s, "dropped")].set_string("gone");
  EXPECT_EQ(vars[id_of(s, "shown")].as_string(), "kept");
  EXPECT_EQ(vars.size(), s.variables.size());
}

std::vector<bool> reachable(const std::string &body) {
  auto c = compile(scenario(body));
  EXPECT_TRUE(c.ok) << ::testing::PrintToString(c.diagnostics);
  return ir::reachable_states(c.scenario());
}

TEST(Reachability, AnUnconditionalNextSkipsWhatFollowsUntilALabel) {
  EXPECT_EQ(reachable(kOptionsSend + R"(<recv response="200" next="5"/><recv response="200"/>
      <label id="5"/><recv response="200"/>)"),
            (std::vector<bool>{true, true, false, true}));
}

TEST(Reachability, TestChanceTimeoutsAndOptionalMessagesKeepStatesAlive) {
  // next= with test= or chance= may fall through.
  EXPECT_EQ(reachable(kOptionsSend + R"(<recv response="200" next="5" chance="0.5"/>
      <recv response="200"/><label id="5"/><recv response="200"/>)"),
            (std::vector<bool>{true, true, true, true}));
  // ontimeout= leads to its label; an optional message may always come.
  EXPECT_EQ(reachable(kOptionsSend + R"(<recv response="200" next="5" timeout="100" ontimeout="6"/>
      <recv response="180" optional="true"/><recv response="200"/><label id="6"/>
      <recv response="202" next="5"/><pause milliseconds="1"/><label id="5"/><nop/>)"),
            (std::vector<bool>{true, true, true, true, true, false, true}));
}

TEST(Reachability, TheAckAfterAReceiveCanBeResentForARetransmittedAnswer) {
  EXPECT_EQ(reachable(kOptionsSend + R"(<recv response="200" next="5"/><recv response="200"/>
      <send><![CDATA[
        ACK sip:x SIP/2.0
      ]]></send><pause milliseconds="1"/><label id="5"/><nop/>)"),
            (std::vector<bool>{true, true, false, true, false, true}));
}

TEST(Reachability, AJumpToAVariableIndexReachesEverything) {
  EXPECT_EQ(reachable(kOptionsSend + R"(<recv response="200" next="5">
        <action><assign assign_to="to" value="0"/><jump variable="to"/></action></recv>
      <recv response="200"/><label id="5"/><nop/>)"),
            (std::vector<bool>{true, true, true, true}));
  EXPECT_EQ(reachable(kOptionsSend + R"(<recv response="200" next="5">
        <action><jump value="3"/></action></recv>
      <recv response="200"/><recv response="201"/><label id="5"/><nop/>)"),
            (std::vector<bool>{true, true, false, true, true}));
}

TEST(Reachability, TheVerifierWarnsOnceForARunOfDeadStates) {
  auto c = compile(scenario(kOptionsSend + R"(<recv response="200" next="5"/>
    <recv response="200"/>
    <pause milliseconds="5"/>
    <label id="5"/>)"));
  EXPECT_TRUE(c.ok);
  ASSERT_EQ(c.diagnostics.size(), 1U) << ::testing::PrintToString(c.diagnostics);
  EXPECT_EQ(c.diagnostics[0],
            "t.xml:7:5: warning: <recv> can never run: the command before it always jumps away "
            "(next=) and no next=, ontimeout= or optional message leads here; it is not compiled");
}

} // namespace
} // namespace gossipper::test
