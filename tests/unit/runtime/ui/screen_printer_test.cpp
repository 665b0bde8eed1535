// SIPp's screens for the built-in uac: the scenario screen's header, a row
// per element with its counters, the statistics screen's counters, and the
// footer of each state of the run.
#include "ui/screen_printer.hpp"

#include "stats/stats.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

class ScreenPrinterTest : public ::testing::Test {
protected:
  ScreenPrinterTest() : scenario(test::compiled_scenario(test::builtin_xml("uac"))) {
    cfg.remote_ip = "127.0.0.1";
    cfg.remote_port = 5060;
    now = empty_snapshot(scenario);
    start = empty_snapshot(scenario);
    // Ten calls so far, four of them in this period; three open.
    now.counters[static_cast<size_t>(Counter::OutgoingCall)] = 10;
    start.counters[static_cast<size_t>(Counter::OutgoingCall)] = 6;
    now.counters[static_cast<size_t>(Counter::SuccessfulCall)] = 7;
    start.counters[static_cast<size_t>(Counter::SuccessfulCall)] = 5;
    now.counters[static_cast<size_t>(Counter::DeadCallMsgs)] = 2;
    now.open_calls = 3;
    now.peak_calls = 4;
    now.peak_time_s = 1;
    now.states[0].sent = 10; // INVITE
    now.states[0].sent_retrans = 2;
    now.states[4].recv = 9;     // 200
    now.states[6].sessions = 8; // the pause
    now.rtd[0].count = 4;       // 25 ms on average, 40 ms in this period
    now.rtd[0].sum_ms = 100;
    start.rtd[0].count = 2;
    start.rtd[0].sum_ms = 20;
    frame.now = &now;
    frame.period_start = &start;
    frame.clock_ms = 12340;
    frame.period_ms = 1016;
    frame.local_port = 5061;
    frame.rate = 10;
    frame.call_limit = 30;
  }

  [[nodiscard]] std::vector<std::string> lines(char key) const {
    std::vector<std::string> out;
    std::string text = ScreenPrinter(cfg, scenario).render(key, frame);
    for (size_t at = 0; at < text.size();) {
      size_t nl = text.find('\n', at);
      out.push_back(text.substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  }
  [[nodiscard]] bool has(char key, const std::string &line) const {
    std::vector<std::string> all = lines(key);
    return std::find(all.begin(), all.end(), line) != all.end();
  }

  ir::Scenario scenario;
  RunConfig cfg;
  StatsSnapshot now;
  StatsSnapshot start;
  ScreenPrinter::Frame frame;
};

TEST_F(ScreenPrinterTest, ScenarioScreenHeader) {
  std::vector<std::string> l = lines('1');
  ASSERT_GE(l.size(), 10U);
  EXPECT_EQ(l[0],
            "------------------------------ Scenario Screen -------- [1-9]: Change Screen --");
  EXPECT_EQ(l[1], "  Call rate (length)   Port   Total-time  Total-calls  Remote-host");
  EXPECT_EQ(l[2], "  10.0(0 ms)/1.000s   5061      12.34 s           10  127.0.0.1:5060(UDP)");
  EXPECT_EQ(l[4],
            "  4 new calls during 1.016 s period       1 ms scheduler resolution            ");
  EXPECT_EQ(l[5], "  3 calls (limit 30)                      Peak was 4 calls, after 1 s");
  EXPECT_EQ(l[6], "  2 dead call msg (discarded)             0 out-of-call msg (discarded)");
  EXPECT_EQ(l[9], "                                 Messages  Retrans   Timeout   Unexpected-Msg");
}

TEST_F(ScreenPrinterTest, ARowPerElementWithItsCounters) {
  std::vector<std::string> l = lines('1');
  auto row = std::find(l.begin(), l.end(),
                       "      INVITE ---------->         10        2         0                  "
                       "       ");
  ASSERT_NE(row, l.end());
  const char *rest[] = {
      "         100 <----------         0         0         0         0               ",
      "         180 <----------         0         0         0         0               ",
      "         183 <----------         0         0         0         0               ",
      "         200 <----------  E-RTD1 9         0         0         0               ",
      "         ACK ---------->         0         0                                   ",
      "       Pause [      0ms]         8                             0        ",
      "         BYE ---------->         0         0         0                         ",
      "         200 <----------         0         0         0         0               ",
      "", // crlf="true"
  };
  for (const char *expected : rest) {
    ASSERT_NE(++row, l.end());
    EXPECT_EQ(*row, expected);
  }
}

TEST_F(ScreenPrinterTest, TheLostColumnWhenMessagesCanBeLost) {
  cfg.global_lost = 1;
  now.states[4].lost = 3;
  EXPECT_TRUE(
      has('1', "                                 Messages  Retrans   Timeout   Unexp.    Lost"));
  EXPECT_TRUE(
      has('1', "         200 <----------  E-RTD1 9         0         0         0         3     "));
}

TEST_F(ScreenPrinterTest, UsersModeAndTheCallLimit) {
  frame.users = 20;
  cfg.max_calls = 10;
  EXPECT_TRUE(has('1', "  Users (length)   Port   Total-time  Total-calls  Remote-host"));
  EXPECT_TRUE(has('1', "  20 (0 ms)   5061      12.34 s           10  127.0.0.1:5060(UDP)"));
  // The period in seconds (SIPp 3.6.1 divides the milliseconds by 100).
  EXPECT_TRUE(
      has('1', "  Call limit 10 hit, 1.0 s period         1 ms scheduler resolution            "));
}

TEST_F(ScreenPrinterTest, ALineWhileTheRunIsSaturatedOrHeld) {
  // Neither: SIPp's lines only (the blank line after the malformed count).
  frame.offered_rate = 10;
  EXPECT_EQ(lines('1')[8], "");
  frame.saturation = "timer lag 35 ms";
  frame.offered_rate = 8.5;
  EXPECT_EQ(lines('1')[8], "  Saturated: timer lag 35 ms. Offering 8.5 of 10.0 calls");
  // Clear again, the rate still being given back.
  frame.saturation.clear();
  EXPECT_EQ(lines('1')[8], "  Offering 8.5 of 10.0 calls");
  // -overload_control false: saturated, never held.
  cfg.overload_control = false;
  frame.saturation = "3 datagrams dropped on receive";
  frame.offered_rate = 10;
  EXPECT_EQ(lines('1')[8],
            "  Saturated: 3 datagrams dropped on receive. Not held (-overload_control false)");
}

TEST_F(ScreenPrinterTest, FooterOfEachStateOfTheRun) {
  auto footer = [this] { return lines('1').back(); };
  EXPECT_EQ(footer(),
            "------ [+|-|*|/]: Adjust rate ---- [q]: Soft exit ---- [p]: Pause traffic -----");
  frame.paused = true;
  EXPECT_EQ(footer(),
            "----------------- Traffic Paused - Press [p] again to resume ------------------");
  frame.quitting = QuitLevel::Graceful;
  EXPECT_EQ(footer(),
            "------- Waiting for active calls to end. Press [q] again to force exit. -------");
  frame.closing = true;
  EXPECT_EQ(footer(),
            "------------------------------ Test Terminated --------------------------------");
  frame.closing = false;
  frame.quitting = QuitLevel::Running;
  frame.paused = false;
  cfg.server_mode = true;
  EXPECT_EQ(footer(),
            "------------------------------ SIPp Server Mode -------------------------------");
}

TEST_F(ScreenPrinterTest, TheLastErrorShownCut) {
  frame.last_error = std::string(70, 'e');
  std::vector<std::string> l = lines('1');
  ASSERT_GE(l.size(), 2U);
  EXPECT_EQ(l[l.size() - 2], "Last Error: " + std::string(60, 'e') + "...");
  frame.closing = true;
  EXPECT_EQ(lines('1')[lines('1').size() - 2], "");
}

TEST_F(ScreenPrinterTest, StatisticsScreen) {
  std::vector<std::string> l = lines('2');
  ASSERT_FALSE(l.empty());
  EXPECT_EQ(l[0],
            "----------------------------- Statistics Screen ------- [1-9]: Change Screen --");
  for (const char *line : {
           "  Counter Name           | Periodic value            | Cumulative value",
           "  Elapsed Time           | 00:00:01:016000           | 00:00:12:340000          ",
           "  Call Rate              |    3.937 cps              |    0.810 cps             ",
           "  Outgoing calls created |        4                  |       10                 ",
           "  Total Calls created    |                           |       10                 ",
           "  Current Calls          |        3                  |                          ",
           "  Successful call        |        2                  |        7                 ",
           "  Failed call            |        0                  |        0                 ",
           "  Response Time 1        | 00:00:00:040000           | 00:00:00:025000          ",
       }) {
    EXPECT_NE(std::find(l.begin(), l.end(), line), l.end()) << line;
  }
}

TEST(SippTimeString, AsSippWritesDurations) {
  EXPECT_EQ(sipp_time_string(0), "0ms");
  EXPECT_EQ(sipp_time_string(4000), "4000ms");
  EXPECT_EQ(sipp_time_string(1.5), "1.50ms");
  EXPECT_EQ(sipp_time_string(1500.5), "1500.5ms");
  EXPECT_EQ(sipp_time_string(15000), "15.0s");
  EXPECT_EQ(sipp_time_string(90000), "1:30");
  EXPECT_EQ(sipp_time_string(3723000), "1:02:03");
}

} // namespace
} // namespace gossipper::runtime
