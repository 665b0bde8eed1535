// Our media screen (key 0): a row per media figure of the snapshot, periodic
// (now less the period's start) and cumulative, in the statistics screen's
// columns, no line over 79 columns; the final screens stay SIPp's.
#include "ui/screen_printer.hpp"

#include "stats/stats.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

using M = MediaSummary;

/// A row as the statistics screen lays it out: "  " label(22) " | "
/// periodic(25) " | " cumulative(24).
std::string row(const std::string &label, const std::string &periodic,
                const std::string &cumulative) {
  auto pad = [](std::string s, size_t n) {
    s.resize(n, ' ');
    return s;
  };
  return "  " + pad(label, 22) + " | " + pad(periodic, 25) + " | " + pad(cumulative, 24);
}

class MediaScreenTest : public ::testing::Test {
protected:
  MediaScreenTest() : scenario(test::compiled_scenario(test::builtin_xml("uac"))) {
    cfg.remote_ip = "127.0.0.1";
    cfg.remote_port = 5060;
    now = empty_snapshot(scenario);
    start = empty_snapshot(scenario);
    auto set = [&](M::Field f, uint64_t n, uint64_t s) {
      now.media.values[f] = n;
      start.media.values[f] = s;
    };
    set(M::RtpSent, 1500, 500);
    set(M::RtpReceived, 1400, 400);
    set(M::RtcpSent, 12, 2);
    set(M::RtcpReceived, 10, 4);
    set(M::StreamsMeasured, 3, 1);
    set(M::PacketsExpected, 1000, 200); // 800 in the period
    set(M::PacketsLost, 30, 14);        // 16 in the period
    set(M::MaxJitterUs, 12345, 0);
    set(M::OutboundReported, 2, 0);
    set(M::OutboundLost, 7, 3);
    set(M::MaxOutboundJitterUs, 2500, 0);
    set(M::MaxRttUs, 40125, 0);
    set(M::RtpcheckStreams, 3, 1);
    set(M::RtpcheckFailed, 1, 0);
    set(M::Malformed, 5, 5);
    set(M::Unattributed, 9, 0);
    set(M::PortBusy, 1, 0);
    set(M::NoRemote, 2, 0);
    set(M::BadSdp, 4, 0);
    // MOS: 4.41 before the period; 4.41 and 3.10 during it.
    now.media.mos.assign(M::kMosBuckets, 0);
    start.media.mos.assign(M::kMosBuckets, 0);
    now.media.mos[341] = 2;
    now.media.mos[210] = 1;
    start.media.mos[341] = 1;
    // Send-time errors: 198 packets within 50 µs and 2 at 1.95-2 ms, 150 of
    // the first before the period.
    now.media.send_error.assign(M::kSendErrorBuckets, 0);
    start.media.send_error.assign(M::kSendErrorBuckets, 0);
    now.media.send_error[0] = 198;
    now.media.send_error[39] = 2;
    start.media.send_error[0] = 150;
    frame.now = &now;
    frame.period_start = &start;
    frame.clock_ms = 12340;
    frame.period_ms = 1016;
  }

  [[nodiscard]] std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::string text = ScreenPrinter(cfg, scenario).render('0', frame);
    for (size_t at = 0; at < text.size();) {
      size_t nl = text.find('\n', at);
      out.push_back(text.substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  }
  [[nodiscard]] bool has(const std::string &line) const {
    std::vector<std::string> all = lines();
    return std::find(all.begin(), all.end(), line) != all.end();
  }

  ir::Scenario scenario;
  RunConfig cfg;
  StatsSnapshot now;
  StatsSnapshot start;
  ScreenPrinter::Frame frame;
};

TEST_F(MediaScreenTest, TitleHeaderAndWidths) {
  std::vector<std::string> l = lines();
  ASSERT_GE(l.size(), 5U);
  EXPECT_EQ(l[0],
            "------------------------------- Media Screen -------- [1-9,0]: Change Screen --");
  EXPECT_EQ(l[2], "  Counter Name           | Periodic value            | Cumulative value");
  EXPECT_EQ(l[4], row("Elapsed Time", "00:00:01:016000", "00:00:12:340000"));
  for (const std::string &line : l) {
    EXPECT_LE(line.size(), 79U) << line;
  }
}

TEST_F(MediaScreenTest, CountsArePeriodicAndCumulative) {
  EXPECT_TRUE(has(row("RTP packets sent", "    1000", "    1500")));
  EXPECT_TRUE(has(row("RTP packets received", "    1000", "    1400")));
  EXPECT_TRUE(has(row("RTP packets echoed", "       0", "       0")));
  EXPECT_TRUE(has(row("RTCP packets sent", "      10", "      12")));
  EXPECT_TRUE(has(row("RTCP packets received", "       6", "      10")));
  EXPECT_TRUE(has(row("Streams measured", "       2", "       3")));
  EXPECT_TRUE(has(row("Outbound streams", "       2", "       2")));
  EXPECT_TRUE(has(row("Outbound packets lost", "       4", "       7")));
  EXPECT_TRUE(has(row("Rtpcheck checked", "       2", "       3")));
  EXPECT_TRUE(has(row("Rtpcheck failed", "       1", "       1")));
  EXPECT_TRUE(has(row("Malformed datagrams", "       0", "       5")));
  EXPECT_TRUE(has(row("Unattributed packets", "       9", "       9")));
  EXPECT_TRUE(has(row("Port busy", "       1", "       1")));
  EXPECT_TRUE(has(row("No SDP from the peer", "       2", "       2")));
  EXPECT_TRUE(has(row("Unusable SDP", "       4", "       4")));
}

TEST_F(MediaScreenTest, QualityOfThePeriodAndOfTheRun) {
  EXPECT_TRUE(has(row("Packets lost", "      16 of 800", "      30 of 1000")));
  EXPECT_TRUE(has(row("Loss ratio", "  0.0200", "  0.0300")));
  // Maxima have no periodic value.
  EXPECT_TRUE(has(row("Max jitter ms", "", "  12.345")));
  EXPECT_TRUE(has(row("Outbound max jitter ms", "", "   2.500")));
  EXPECT_TRUE(has(row("Outbound max RTT ms", "", "  40.125")));
  // The period: 4.41 and 3.10; the run: 4.41, 4.41, 3.10.
  EXPECT_TRUE(has(row("MOS min", "    3.10", "    3.10")));
  EXPECT_TRUE(has(row("MOS p50", "    3.10", "    4.41")));
  // The period: 48 within 50 µs, 2 at 2 ms; the run: 198 and 2.
  EXPECT_TRUE(has(row("Send error p99 ms", "   2.000", "   0.050")));
}

TEST_F(MediaScreenTest, NoMediaYet) {
  now = empty_snapshot(scenario); // no distributions at all
  start = empty_snapshot(scenario);
  EXPECT_TRUE(has(row("Loss ratio", "  0.0000", "  0.0000")));
  EXPECT_TRUE(has(row("MOS min", "    0.00", "    0.00")));
  EXPECT_TRUE(has(row("Packets lost", "       0 of 0", "       0 of 0")));
}

TEST_F(MediaScreenTest, TheFinalScreensAreSipps) {
  frame.closing = true;
  EXPECT_EQ(lines()[0],
            "------------------------------ Scenario Screen -------- [1-9]: Change Screen --");
}

} // namespace
} // namespace gossipper::runtime
