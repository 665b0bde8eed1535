#include "tui_launcher.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

using gossipper::tools::Participant;
using gossipper::tools::TuiLauncher;

namespace {

void type(TuiLauncher &f, const std::string &text) {
  for (char c : text) {
    f.key(c);
  }
}

} // namespace

TEST(TuiLauncher, TheFormMakesTheRunsOptions) {
  TuiLauncher f;
  f.key(0402); // down: Target
  type(f, "127.0.0.1:5060");
  f.key('\t');
  f.key('\t');
  f.key(0407); // backspace: the rate 10 becomes 1
  type(f, "5");
  f.set(TuiLauncher::More, "-trace_msg -key user \"bob smith\" -d 300");
  auto o = f.options();
  ASSERT_TRUE(o) << o.error().message;
  Participant p = o->participant("run1");
  EXPECT_EQ(p.role, Participant::Role::Client);
  EXPECT_EQ(p.remote_addr, "127.0.0.1:5060");
  EXPECT_EQ(p.scenario_name, "uac");
  EXPECT_EQ(p.transport, "u1");
  EXPECT_EQ(p.extra_args, (std::vector<std::string>{"-d", "300", "-key", "user", "bob smith", "-r",
                                                    "15", "-trace_msg"}));
}

TEST(TuiLauncher, AFileIsCheckedAndAGsoIsRun) {
  TuiLauncher f;
  f.set(TuiLauncher::Scenario, "calls.xml");
  EXPECT_EQ(f.scenario_file(), "calls.xml");
  EXPECT_EQ(f.options()->participant("r").scenario_file, "calls.xml");
  f.set(TuiLauncher::Scenario, "calls.gso");
  EXPECT_EQ(f.scenario_file(), "");
  EXPECT_EQ(f.options()->participant("r").scenario_file, "calls.gso");
}

TEST(TuiLauncher, WrongFieldsAreNamed) {
  TuiLauncher f;
  f.set(TuiLauncher::More, "-bogus 1");
  ASSERT_FALSE(f.options());
  EXPECT_NE(f.options().error().message.find("More: '-bogus'"), std::string::npos);
  f.set(TuiLauncher::More, "-key onlyone");
  EXPECT_NE(f.options().error().message.find("wants 2"), std::string::npos);
  f.set(TuiLauncher::More, "");
  f.set(TuiLauncher::Scenario, "");
  EXPECT_NE(f.options().error().message.find("Scenario"), std::string::npos);
}

TEST(TuiLauncher, EnterMovesOnAndStartsFromTheLastFieldEscLeaves) {
  TuiLauncher f;
  for (size_t i = 0; i + 1 < TuiLauncher::kFields; ++i) {
    EXPECT_EQ(f.key('\n'), TuiLauncher::Action::None);
  }
  EXPECT_EQ(f.key('\n'), TuiLauncher::Action::Start);
  EXPECT_EQ(f.key(27), TuiLauncher::Action::Leave);
}

TEST(TuiLauncher, RecentRunsComeBackNewestFirst) {
  std::string file =
      (std::filesystem::temp_directory_path() / ("tui_recent_test_" + std::to_string(::getpid())))
          .string();
  {
    TuiLauncher f;
    f.set(TuiLauncher::Target, "127.0.0.1:1");
    f.remember(file);
    f.set(TuiLauncher::Target, "127.0.0.1:2");
    f.remember(file);
  }
  TuiLauncher g;
  g.load_recent(file);
  g.key(18); // Ctrl-R
  EXPECT_EQ(g.value(TuiLauncher::Target), "127.0.0.1:2");
  g.key(18);
  EXPECT_EQ(g.value(TuiLauncher::Target), "127.0.0.1:1");
  std::remove(file.c_str());
}
