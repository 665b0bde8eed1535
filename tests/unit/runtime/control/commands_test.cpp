// SIPp's keys and commands, against a recording RunControl: what each asks
// of the run, and SIPp's words for what is refused.
#include "control/commands.hpp"
#include "recording_run.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

std::string refusal(RecordingRun &run, ScreenChoice &screens, std::string_view line) {
  Expected<void> done = apply_command(run, screens, line);
  return done ? std::string("ok") : done.error().message;
}

/// What the keys asked of a run in state `start`, each with its scale.
std::vector<std::string> after_keys(RunStatus start,
                                    std::initializer_list<std::pair<char, double>> keys,
                                    ScreenChoice &screens) {
  RecordingRun run;
  run.now = start;
  for (auto [key, scale] : keys) {
    apply_key(run, screens, key, scale);
  }
  return run.calls;
}

TEST(Keys, RateKeysStepByTheRateScale) {
  ScreenChoice screens;
  RunStatus rate;
  rate.rate = 10;
  // The last one would go below 0: 0.
  EXPECT_EQ(after_keys(rate, {{'+', 1}, {'*', 2}, {'/', 1}, {'-', 100}}, screens),
            (std::vector<std::string>{"rate 11", "rate 31", "rate 21", "rate 0"}));
  RunStatus users;
  users.users = 5; // in a -users run they change the users
  EXPECT_EQ(after_keys(users, {{'*', 1}, {'-', 1}}, screens),
            (std::vector<std::string>{"users 15", "users 14"}));
}

TEST(Keys, PauseQuitAndScreens) {
  ScreenChoice screens;
  EXPECT_EQ(after_keys({}, {{'p', 1}, {'p', 1}, {'q', 1}, {'Q', 1}, {'3', 1}, {'5', 1}, {'9', 1}},
                       screens),
            (std::vector<std::string>{"pause", "resume", "q", "Q"}));
  EXPECT_EQ(screens.screen, '9'); // 5 is not one of SIPp's screens here
}

TEST(Keys, ZeroIsTheMediaScreen) {
  ScreenChoice screens;
  (void)after_keys({}, {{'0', 1}, {'4', 1}}, screens);
  EXPECT_EQ(screens.screen, '0'); // 4 is not a screen here
}

TEST(Commands, SetAndTraceAndDumpAndReset) {
  RecordingRun run;
  ScreenChoice screens;
  screens.has_out_of_call = true;
  for (const char *line :
       {"set rate 7", " set limit 40 ", "trace messages off", "trace logs true", "dump tasks",
        "dump variables", "reset stats", "set hide false", "set display ooc"}) {
    EXPECT_EQ(refusal(run, screens, line), "ok") << line;
  }
  EXPECT_EQ(run.calls,
            (std::vector<std::string>{"rate 7", "limit 40", "trace messages off", "trace logs on",
                                      "dump tasks", "dump variables", "reset"}));
  EXPECT_FALSE(screens.hide);
  EXPECT_TRUE(screens.out_of_call);
}

TEST(Commands, RefusalsUseSippsWords) {
  RecordingRun run;
  ScreenChoice screens;
  EXPECT_EQ(refusal(run, screens, "set"), "The set command requires at least one argument");
  EXPECT_EQ(refusal(run, screens, "set rate"),
            "The set command requires two arguments (attribute and value)");
  EXPECT_EQ(refusal(run, screens, "trace logs"),
            "The trace command requires two arguments (log and [on|off])");
  EXPECT_EQ(refusal(run, screens, "trace logs maybe"),
            "The trace command's second argument must be on or off.");
  EXPECT_EQ(refusal(run, screens, "set rate fast"), "Invalid rate value: \"fast\"");
  // A typo must not reach the generator as a huge or undefined rate.
  EXPECT_EQ(refusal(run, screens, "set rate -5"), "Invalid rate value: \"-5\"");
  EXPECT_EQ(refusal(run, screens, "set rate nan"), "Invalid rate value: \"nan\"");
  EXPECT_EQ(refusal(run, screens, "set limit -1"), "Invalid limit value: \"-1\"");
  EXPECT_EQ(refusal(run, screens, "set users 3"),
            "Users can not be changed at run time for a rate-based benchmark.");
  EXPECT_EQ(refusal(run, screens, "set display ooc"), "Unknown display scenario: ooc");
  EXPECT_EQ(refusal(run, screens, "set hide maybe"), "Invalid bool: maybe");
  EXPECT_EQ(refusal(run, screens, "set colour red"), "Unknown set attribute: colour");
  EXPECT_EQ(refusal(run, screens, "dump calls"), "Unknown dump type: calls");
  EXPECT_EQ(refusal(run, screens, "reset all"), "Unknown reset type: all");
  EXPECT_EQ(refusal(run, screens, "go now"), "Unrecognized command: \"go\"");
  run.now.users = 4;
  EXPECT_EQ(refusal(run, screens, "set rate 3"), "Rates can not be set in a user-based benchmark.");
  EXPECT_EQ(refusal(run, screens, "set limit 3"),
            "Can not set call limit for a user-based benchmark.");
  EXPECT_EQ(refusal(run, screens, "set users 2.5"), "Invalid users value: \"2.5\"");
  EXPECT_TRUE(run.calls.empty());
}

} // namespace
} // namespace gossipper::runtime
