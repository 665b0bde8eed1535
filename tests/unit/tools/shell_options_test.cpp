#include "shell_options.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using gossipper::tools::Participant;
using gossipper::tools::ShellOptions;

TEST(ShellOptions, SetChecksNamesAndValuesAgainstSippsTable) {
  ShellOptions o;
  EXPECT_TRUE(o.set("r", {"50"}));
  EXPECT_TRUE(o.set("-sn", {"uac"})); // a dash is allowed, as on the command line
  EXPECT_TRUE(o.set("trace_msg", {}));
  EXPECT_FALSE(o.set("bogus", {"1"}));
  EXPECT_FALSE(o.set("r", {}));                     // a value is needed
  EXPECT_FALSE(o.set("trace_msg", {"x"}));          // a flag takes none
  EXPECT_FALSE(o.set("api_addr", {"127.0.0.1:1"})); // the shell's own
  EXPECT_FALSE(o.set("target", {}));
  EXPECT_EQ(o.show(), (std::vector<std::string>{"r 50", "sn uac", "trace_msg"}));
  EXPECT_EQ(o.show("r"), std::vector<std::string>{"r 50"});
  EXPECT_TRUE(o.unset("r"));
  EXPECT_FALSE(o.unset("r"));
}

TEST(ShellOptions, TwoValueOptionsRepeatOthersReplace) {
  ShellOptions o;
  ASSERT_TRUE(o.set("key", {"a", "1"}));
  ASSERT_TRUE(o.set("key", {"b", "2"}));
  ASSERT_TRUE(o.set("r", {"5"}));
  ASSERT_TRUE(o.set("r", {"7"}));
  EXPECT_EQ(o.show(), (std::vector<std::string>{"key a 1", "key b 2", "r 7"}));
}

TEST(ShellOptions, ATargetMakesAClientWithoutOneAListener) {
  ShellOptions o;
  ASSERT_TRUE(o.set("sn", {"uac"}));
  ASSERT_TRUE(o.set("p", {"5070"}));
  ASSERT_TRUE(o.set("r", {"10"}));
  ASSERT_TRUE(o.set("key", {"user", "bob"}));
  Participant listener = o.participant("run1");
  EXPECT_EQ(listener.role, Participant::Role::Listener);
  ASSERT_TRUE(o.set("target", {"127.0.0.1:5060"}));
  Participant p = o.participant("run2");
  EXPECT_EQ(p.id, "run2");
  EXPECT_EQ(p.role, Participant::Role::Client);
  EXPECT_EQ(p.remote_addr, "127.0.0.1:5060");
  EXPECT_EQ(p.scenario_name, "uac");
  EXPECT_EQ(p.local_port, 5070U);
  EXPECT_EQ(p.extra_args, (std::vector<std::string>{"-key", "user", "bob", "-r", "10"}));
  std::vector<std::string> argv = p.sipp_arguments({});
  EXPECT_EQ(argv.front(), "127.0.0.1:5060");
}

TEST(ShellOptions, NamesCompleteEveryOptionButTheShellsOwn) {
  std::vector<std::string> names = ShellOptions::names();
  auto has = [&](const char *n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  EXPECT_TRUE(has("target"));
  EXPECT_TRUE(has("trace_msg"));
  EXPECT_TRUE(has("rtp_echo"));
  EXPECT_FALSE(has("api_addr"));
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}
