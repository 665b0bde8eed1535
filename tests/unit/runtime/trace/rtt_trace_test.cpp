// -trace_rtt: SIPp's lines (when, in ms since the start; how long, in ms;
// the measure's name), written every -rtt_freq samples and the rest when the
// trace ends.
#include "trace/rtt_trace.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace gossipper::runtime {
namespace {

class RttTraceTest : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(log.open(path, true).ok()); }
  void TearDown() override { std::remove(path.c_str()); }
  std::string written() {
    log.flush();
    return test::read_file(path);
  }

  std::string path = test::temp_path("rtt_trace_test.csv");
  TraceLog log;
};

TEST_F(RttTraceTest, WritesEveryRttFreqSamples) {
  RttTrace rtt(&log, 1000000, ";", 3);
  EXPECT_TRUE(rtt.on());
  rtt.record("setup", 1500000, 2500); // 500 ms after the start, took 2.5 ms
  rtt.record("setup", 2000000, 40000);
  EXPECT_EQ(written(), "");
  rtt.record("bye", 2250500, 1);
  EXPECT_EQ(written(), "500;2.5;setup\n1000;40;setup\n1250.5;0.001;bye\n");
}

TEST_F(RttTraceTest, TheRestIsWrittenAtTheEnd) {
  {
    RttTrace rtt(&log, 0, ",", 100);
    rtt.record("a", 3000, 1000);
    EXPECT_EQ(written(), "");
  }
  EXPECT_EQ(written(), "3,1,a\n");
}

TEST_F(RttTraceTest, FrequencyZeroWritesEachSample) {
  RttTrace rtt(&log, 0, ";", 0);
  rtt.record("a", 1000, 1000);
  EXPECT_EQ(written(), "1;1;a\n");
}

TEST(RttTrace, OffWithoutAFile) {
  RttTrace rtt(nullptr, 0, ";", 1);
  EXPECT_FALSE(rtt.on());
  rtt.record("a", 1000, 1000); // nowhere to go, and no crash
}

} // namespace
} // namespace gossipper::runtime
