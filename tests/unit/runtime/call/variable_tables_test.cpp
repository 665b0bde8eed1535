//===- variable_tables_test.cpp - Call, <Global> and <User> lifetimes -----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/variable_tables.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

ir::VarId id_of(const ir::Scenario &s, const std::string &name) {
  const ir::Variable *v = s.find_variable(name);
  EXPECT_NE(v, nullptr) << name;
  return static_cast<ir::VarId>(v - s.variables.data());
}

const char *const kBody = R"(
  <Global variables="g"/>
  <User variables="u"/>
  <nop><action>
    <add assign_to="g" value="1"/>
    <add assign_to="u" value="1"/>
    <add assign_to="c" value="1"/>
  </action></nop>
  <send><![CDATA[
    OPTIONS sip:x SIP/2.0
    X: [$g] [$u] [$c]
  ]]></send>)";

TEST(VariableTables, EachLifetimeHasItsOwnStorage) {
  auto compiled = test::compile(test::scenario(kBody));
  ASSERT_TRUE(compiled.ok);
  const ir::Scenario &s = compiled.scenario();
  ScenarioVariables shared(s);
  ASSERT_TRUE(shared.scoped());
  ir::VarId g = id_of(s, "g");
  ir::VarId u = id_of(s, "u");
  ir::VarId c = id_of(s, "c");
  ir::CallLayout layout = ir::call_layout(s, ir::number_templates(s));

  CallVariables first;
  CallVariables second;
  CallVariables same_user;
  first.init(layout, &shared, 7);
  second.init(layout, &shared, 8);
  first[g].set_double(1);
  first[u].set_double(2);
  first[c].set_double(3);
  EXPECT_EQ(second[g].as_double(), 1.0); // one <Global> for all calls
  EXPECT_FALSE(second[u].is_set());      // another user
  EXPECT_FALSE(second[c].is_set());      // another call
  same_user.init(layout, &shared, 7);
  EXPECT_EQ(same_user[u].as_double(), 2.0); // the user's value outlives its call
  EXPECT_FALSE(same_user[c].is_set());

  CallVariables no_user; // without -users a <User> variable is the call's own
  no_user.init(layout, &shared, 0);
  EXPECT_FALSE(no_user[u].is_set());
}

TEST(VariableTables, SetFillsOnlyDeclaredGlobals) {
  auto compiled = test::compile(test::scenario(kBody));
  ASSERT_TRUE(compiled.ok);
  ScenarioVariables shared(compiled.scenario());
  EXPECT_TRUE(shared.set_global("g", "abc"));
  EXPECT_EQ(shared.global(id_of(compiled.scenario(), "g")).as_string(), "abc");
  EXPECT_FALSE(shared.set_global("u", "x")); // a <User>, not a <Global>
  EXPECT_FALSE(shared.set_global("c", "x"));
  EXPECT_FALSE(shared.set_global("missing", "x"));
}

TEST(VariableTables, AssigningAGlobalIsFound) {
  auto assigns = test::compile(test::scenario(kBody));
  ASSERT_TRUE(assigns.ok);
  EXPECT_TRUE(ScenarioVariables::assigns_global(assigns.scenario()));
  auto reads = test::compile(test::scenario(R"(
    <Global variables="g"/>
    <send><![CDATA[
      OPTIONS sip:x SIP/2.0
      X: [$g] [$g]
    ]]></send>)"));
  ASSERT_TRUE(reads.ok);
  EXPECT_FALSE(ScenarioVariables::assigns_global(reads.scenario()));
  EXPECT_TRUE(ScenarioVariables(reads.scenario()).scoped());
}

TEST(VariableTables, ScenarioWithoutScopesIsNotShared) {
  auto compiled = test::compile(test::scenario(R"(
    <nop><action><assign assign_to="c" value="1"/></action></nop>
    <send><![CDATA[
      OPTIONS sip:x SIP/2.0
      X: [$c]
    ]]></send>)"));
  ASSERT_TRUE(compiled.ok);
  ScenarioVariables shared(compiled.scenario());
  EXPECT_FALSE(shared.scoped());
  EXPECT_FALSE(ScenarioVariables::assigns_global(compiled.scenario()));
}

} // namespace
} // namespace gossipper::runtime
