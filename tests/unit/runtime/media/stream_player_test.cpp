// rtp_stream's packets: headers, the file a packet's worth at a time round
// its end, loops, pause, patterns; and rtpcheck's comparison of echoes and
// its verdict.
#include "media/stream_player.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

std::shared_ptr<const RtpStreamMedia> media(const std::string &bytes, int loops) {
  auto m = std::make_shared<RtpStreamMedia>();
  m->spec = *parse_rtp_stream("f,1,8", 8);
  m->spec.loops = loops;
  m->spec.bytes_per_packet = 4; // small packets make the arithmetic visible
  m->bytes = bytes;
  return m;
}

std::vector<std::string> play(StreamPlayer &p) {
  std::vector<std::string> out;
  std::string packet;
  while (!p.done()) {
    p.next(packet);
    out.push_back(packet);
  }
  return out;
}

TEST(StreamPlayer, PacketsCarryTheFileRoundItsEndUntilTheLoopsAreDone) {
  StreamPlayer p(media("abcdefghij", 2), 0x11223344, 65534, 1000, 0);
  std::vector<std::string> packets = play(p);
  // 2 loops of 10 bytes in 4-byte packets: abcd efgh ij|ab cdef ghij.
  ASSERT_EQ(packets.size(), 5U);
  std::vector<std::string> payloads;
  for (const std::string &pk : packets) {
    payloads.push_back(pk.substr(12));
  }
  EXPECT_EQ(payloads, (std::vector<std::string>{"abcd", "efgh", "ijab", "cdef", "ghij"}));
  Expected<RtpHeader> first = parse_rtp(packets[0]);
  Expected<RtpHeader> third = parse_rtp(packets[2]);
  ASSERT_TRUE(first.ok() && third.ok());
  EXPECT_EQ(first->payload_type, 8);
  EXPECT_EQ(first->ssrc, 0x11223344U);
  EXPECT_EQ(first->sequence, 65534);
  EXPECT_EQ(third->sequence, 0); // wrapped
  EXPECT_EQ(third->timestamp, 1000U + 2 * 160);
  EXPECT_EQ(p.due_us(), 5U * 20000);
}

TEST(StreamPlayer, PausedItSendsNothingAndTheTimestampKeepsUp) {
  StreamPlayer p(media("abcdefgh", 1), 1, 10, 0, 0);
  std::string packet;
  p.set_paused(true);
  p.next(packet);
  EXPECT_TRUE(packet.empty());
  p.set_paused(false);
  p.next(packet);
  Expected<RtpHeader> h = parse_rtp(packet);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->sequence, 10);      // no number was used while paused
  EXPECT_EQ(h->timestamp, 160U);   // the time was
  EXPECT_EQ(packet.substr(12), "abcd");
}

TEST(StreamPlayer, EchoesAreComparedWithWhatWasSentUnderTheirNumber) {
  StreamPlayer p(media("abcdefghij", 1), 7, 100, 0, 0);
  std::vector<std::string> sent = play(p);
  ASSERT_EQ(sent.size(), 3U);
  for (const std::string &pk : sent) {
    p.check(*parse_rtp(pk), pk);
  }
  EXPECT_EQ(p.echoes_matched(), 3U);
  std::string bad = sent[1];
  bad.back() ^= 1;
  p.check(*parse_rtp(bad), bad);
  EXPECT_EQ(p.echoes_differing(), 1U);
  // Another source's packet is not an echo: not checked.
  std::string other = sent[0];
  other[8] ^= 1;
  p.check(*parse_rtp(other), other);
  EXPECT_EQ(p.echoes_matched() + p.echoes_differing(), 4U);
  // A number never sent is wrong.
  std::string ahead = sent[0];
  ahead[3] = static_cast<char>(ahead[3] + 10);
  p.check(*parse_rtp(ahead), ahead);
  EXPECT_EQ(p.echoes_differing(), 2U);
}

std::shared_ptr<const RtpStreamMedia> pattern(const char *argument) {
  auto m = std::make_shared<RtpStreamMedia>();
  m->spec = *parse_rtp_stream(argument, 8);
  m->bytes = pattern_payload(m->spec);
  return m;
}

TEST(StreamPlayer, APatternSendsItsByteUntilStopped) {
  StreamPlayer p(pattern("apattern,3,0"), 5, 0, 0, 0);
  std::string packet;
  for (int i = 0; i < 1000; ++i) { // 20 s of packets: still going
    ASSERT_FALSE(p.done());
    p.next(packet);
    ASSERT_EQ(packet.size(), 12U + 160U);
    ASSERT_EQ(packet.substr(12), std::string(160, '\xCC')) << i;
  }
  EXPECT_EQ(p.sent(), 1000U);
  EXPECT_EQ(parse_rtp(packet)->payload_type, 0);
  EXPECT_EQ(parse_rtp(packet)->sequence, 999);
}

TEST(StreamPlayer, EachWrongEchoSaysWhatWasWrong) {
  using R = EchoCheck::Result;
  StreamPlayer p(pattern("apattern,1,8"), 7, 500, 0, 0);
  std::vector<std::string> sent;
  std::string packet;
  for (int i = 0; i < 4; ++i) {
    p.next(packet);
    sent.push_back(packet);
  }
  EXPECT_EQ(p.check(*parse_rtp(sent[2]), sent[2]).result, R::Matched);
  std::string spoiled = sent[1];
  spoiled[12 + 37] = 0x55;
  EchoCheck differs = p.check(*parse_rtp(spoiled), spoiled);
  EXPECT_EQ(differs.result, R::Differs);
  EXPECT_EQ(differs.packet, 1U);
  EXPECT_EQ(differs.at, 37U);
  std::string cut = sent[3].substr(0, 12 + 100);
  EchoCheck size = p.check(*parse_rtp(cut), cut);
  EXPECT_EQ(size.result, R::WrongSize);
  EXPECT_EQ(size.packet, 3U);
  std::string ahead = sent[0];
  ahead[3] = static_cast<char>(ahead[3] + 9);
  EXPECT_EQ(p.check(*parse_rtp(ahead), ahead).result, R::Unsent);
  std::string other = sent[0];
  other[11] ^= 1;
  EchoCheck theirs = p.check(*parse_rtp(other), other);
  EXPECT_EQ(theirs.result, R::NotOurs);
  EXPECT_FALSE(theirs.failed());
  EXPECT_EQ(p.echoes_matched(), 1U);
  EXPECT_EQ(p.echoes_differing(), 3U);
  std::string payload;
  p.payload_of(1, payload);
  EXPECT_EQ(payload, std::string(160, '\xAA'));
}

TEST(StreamPlayer, TheVerdictIsSippsShareOfPacketsWithoutTheirEcho) {
  using V = RtpcheckVerdict::Result;
  StreamPlayer p(media("abcdefghij", -1), 7, 0, 0, 0);
  EXPECT_EQ(p.verdict(1.0).result, V::Unchecked); // nothing sent
  std::vector<std::string> sent;
  std::string packet;
  for (int i = 0; i < 10; ++i) {
    p.next(packet);
    sent.push_back(packet);
  }
  RtpcheckVerdict none = p.verdict(0.0);
  EXPECT_EQ(none.result, V::Unchecked); // nothing came back: not judged
  EXPECT_EQ(none.missing, 10U);
  for (int i = 0; i < 7; ++i) {
    p.check(*parse_rtp(sent[i]), sent[i]);
  }
  std::string bad = sent[7];
  bad.back() ^= 1;
  p.check(*parse_rtp(bad), bad);
  // 7 right of 10 sent: 3 failed (one wrong, two missing).
  RtpcheckVerdict v = p.verdict(0.3);
  EXPECT_EQ(v.result, V::Failed); // SIPp fails at the tolerance itself
  EXPECT_DOUBLE_EQ(v.failed_ratio, 0.3);
  EXPECT_EQ(v.missing, 2U);
  EXPECT_EQ(v.tolerance, 0.3);
  EXPECT_EQ(p.verdict(0.31).result, V::Passed);
}

} // namespace
} // namespace gossipper::runtime::media
