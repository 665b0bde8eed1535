// One stream's RTCP: a receiver report with our own SSRC when we do not
// stream, a sender report with the stream's SSRC and counts when we do, a
// block on what we receive; the peer's block on our stream read back, with
// the round trip from LSR and DLSR (RFC 3550 §6.4.1).
#include "media/stream_rtcp.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime::media {
namespace {

RtpHeader rtp(uint16_t seq, uint32_t ssrc) {
  RtpHeader h{};
  h.sequence = seq;
  h.timestamp = seq * 160U;
  h.ssrc = ssrc;
  h.payload_type = 0;
  return h;
}

std::shared_ptr<const RtpStreamMedia> tone() {
  auto m = std::make_shared<RtpStreamMedia>();
  m->spec = *parse_rtp_stream("t,-1,0", 0);
  m->bytes.assign(1600, 'x');
  return m;
}

TEST(StreamRtcp, AReceiverReportCarriesABlockOnWhatCameAndACname) {
  StreamRtcp rtcp;
  StreamReception reception;
  for (uint16_t s = 10; s < 20; ++s) {
    if (s != 15) {
      reception.on_packet(rtp(s, 0xabcd), s * 20000ULL, 8000);
    }
  }
  std::string out;
  rtcp.report(out, reception, nullptr, "gossipper@127.0.0.1", 1'800'000'000'000'000ULL, 400000);
  Expected<std::vector<RtcpReport>> parsed = parse_rtcp(out);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1U);
  const RtcpReport &r = parsed->front();
  EXPECT_FALSE(r.is_sender);
  EXPECT_NE(r.sender_ssrc, 0U);
  ASSERT_EQ(r.blocks.size(), 1U);
  EXPECT_EQ(r.blocks[0].ssrc, 0xabcdU);
  EXPECT_EQ(r.blocks[0].cumulative_lost, 1); // 15 never came
  EXPECT_NE(out.find("gossipper@127.0.0.1"), std::string::npos);
  // Counted once it has left, which the engine says.
  EXPECT_EQ(rtcp.sent(), 0U);
  rtcp.note_sent();
  EXPECT_EQ(rtcp.sent(), 1U);
}

TEST(StreamRtcp, WhileStreamingItIsASenderReportInTheStreamsName) {
  StreamRtcp rtcp;
  StreamReception reception;
  StreamPlayer player(tone(), 0x5555, 100, 8000, 0);
  std::string packet;
  for (int i = 0; i < 25; ++i) {
    player.next(packet);
  }
  std::string out;
  rtcp.report(out, reception, &player, "c", 1'800'000'000'000'000ULL, 500000);
  Expected<std::vector<RtcpReport>> parsed = parse_rtcp(out);
  ASSERT_TRUE(parsed.ok());
  const RtcpReport &r = parsed->front();
  EXPECT_TRUE(r.is_sender);
  EXPECT_EQ(r.sender_ssrc, 0x5555U);
  EXPECT_EQ(r.packets, 25U);
  EXPECT_EQ(r.octets, 25U * 160);
  // 25 packets sent, the next due at 500 ms: now is its time, 8000 + 25 x 160.
  EXPECT_EQ(r.rtp_ts, 8000U + 25 * 160);
  EXPECT_TRUE(r.blocks.empty()); // nothing received yet
}

TEST(StreamRtcp, ThePeersBlockOnOurStreamGivesLossJitterAndTheRoundTrip) {
  StreamRtcp rtcp;
  StreamReception reception;
  StreamPlayer player(tone(), 0x7777, 1, 0, 0);
  const uint64_t sent_at = 1'800'000'000'000'000ULL; // wall µs of our SR
  RtcpReport peer;
  peer.sender_ssrc = 0x9999;
  ReportBlock b;
  b.ssrc = 0x7777;
  b.cumulative_lost = 3;
  b.jitter = 80; // timestamp units: 10 ms at 8 kHz
  b.lsr = ntp_middle(ntp_from_unix_us(sent_at));
  b.dlsr = 65536 / 10; // the peer held it 100 ms
  peer.blocks.push_back(b);
  // It comes back 130 ms after our SR: 30 ms of round trip.
  rtcp.on_reports({peer}, reception, &player, sent_at + 130000, 0);
  EXPECT_NEAR(rtcp.rtt_ms(), 30.0, 0.1);
  MediaCounters counters;
  rtcp.count(counters);
  MediaSummary s;
  counters.add_to(s);
  EXPECT_EQ(s.get(MediaSummary::OutboundReported), 1U);
  EXPECT_EQ(s.get(MediaSummary::OutboundLost), 3U);
  EXPECT_EQ(s.get(MediaSummary::MaxOutboundJitterUs), 10000U);
  EXPECT_NEAR(static_cast<double>(s.get(MediaSummary::MaxRttUs)), 30000.0, 100.0);
}

TEST(StreamRtcp, ABlockAboutAnotherSourceIsNotOurs) {
  StreamRtcp rtcp;
  StreamReception reception;
  RtcpReport peer;
  ReportBlock b;
  b.ssrc = 0x1234;
  b.cumulative_lost = 50;
  peer.blocks.push_back(b);
  rtcp.on_reports({peer}, reception, nullptr, 0, 0);
  MediaCounters counters;
  rtcp.count(counters);
  MediaSummary s;
  counters.add_to(s);
  EXPECT_EQ(s.get(MediaSummary::OutboundReported), 0U);
}

TEST(StreamRtcp, TheIntervalIsRandomisedAroundFiveSecondsTheFirstHalf) {
  EXPECT_EQ(rtcp_interval_ms(0, false), 2500U);
  EXPECT_EQ(rtcp_interval_ms(999, false), 2500U + 4995U);
  EXPECT_EQ(rtcp_interval_ms(500, true), 1250U + 1250U);
}

} // namespace
} // namespace gossipper::runtime::media
