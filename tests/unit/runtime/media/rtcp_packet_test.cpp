//===- rtcp_packet_test.cpp - RTCP sender and receiver reports ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The compound packets we send, checked byte by byte against RFC 3550 §6.4
// and §6.5; received packets written out by hand, other packet types among
// them, and lengths that lie.
//
//===----------------------------------------------------------------------===//
#include "media/rtcp_packet.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace gossipper::runtime::media {
namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) {
    s.push_back(static_cast<char>(b));
  }
  return s;
}

unsigned byte_at(const std::string &s, size_t i) { return static_cast<uint8_t>(s[i]); }

TEST(RtcpPacket, SenderReportWithABlockAndCname) {
  SenderInfo sender{0x0102030405060708u, 0x11223344u, 500, 80000};
  ReportBlock block{0xaabbccddu, 64, -5, 0x0001fffeu, 123, 0x23456789u, 32768};
  std::string out;
  append_rtcp(out, 0x01020304u, sender, block, "gossipper@10.0.0.1");
  // SR: 4 header + 4 SSRC + 20 sender info + 24 block = 52 bytes, length 12.
  ASSERT_GE(out.size(), 52u);
  EXPECT_EQ(out.substr(0, 8), bytes({0x81, 200, 0, 12, 1, 2, 3, 4}));
  EXPECT_EQ(out.substr(8, 8), bytes({1, 2, 3, 4, 5, 6, 7, 8}));
  // Fraction 64, then -5 as 24-bit two's complement.
  EXPECT_EQ(out.substr(32, 4), bytes({64, 0xff, 0xff, 0xfb}));
  // SDES: SC=1, PT 202; chunk = SSRC, CNAME (1, 18, text), zero padding.
  std::string sdes = out.substr(52);
  EXPECT_EQ(sdes.size() % 4, 0u);
  EXPECT_EQ(sdes.substr(0, 2), bytes({0x81, 202}));
  EXPECT_EQ((byte_at(sdes, 2) << 8 | byte_at(sdes, 3)) + 1, sdes.size() / 4);
  EXPECT_EQ(sdes.substr(4, 4), bytes({1, 2, 3, 4}));
  EXPECT_EQ(sdes.substr(8, 2), bytes({1, 18}));
  EXPECT_EQ(sdes.substr(10, 18), "gossipper@10.0.0.1");
  EXPECT_EQ(sdes.substr(28), std::string(sdes.size() - 28, '\0'));

  Expected<std::vector<RtcpReport>> reports = parse_rtcp(out);
  ASSERT_TRUE(reports.ok()) << reports.error().message;
  ASSERT_EQ(reports->size(), 1u);
  const RtcpReport &r = (*reports)[0];
  EXPECT_TRUE(r.is_sender);
  EXPECT_EQ(r.sender_ssrc, 0x01020304u);
  EXPECT_EQ(r.ntp, sender.ntp);
  EXPECT_EQ(r.rtp_ts, sender.rtp_ts);
  EXPECT_EQ(r.packets, 500u);
  EXPECT_EQ(r.octets, 80000u);
  ASSERT_EQ(r.blocks.size(), 1u);
  const ReportBlock &b = r.blocks[0];
  EXPECT_EQ(b.ssrc, block.ssrc);
  EXPECT_EQ(b.fraction_lost, 64);
  EXPECT_EQ(b.cumulative_lost, -5);
  EXPECT_EQ(b.highest_seq, block.highest_seq);
  EXPECT_EQ(b.jitter, 123u);
  EXPECT_EQ(b.lsr, block.lsr);
  EXPECT_EQ(b.dlsr, 32768u);
}

TEST(RtcpPacket, ReceiverReportWithoutBlock) {
  std::string out;
  append_rtcp(out, 7, std::nullopt, std::nullopt, "x");
  EXPECT_EQ(out.substr(0, 8), bytes({0x80, 201, 0, 1, 0, 0, 0, 7}));
  Expected<std::vector<RtcpReport>> reports = parse_rtcp(out);
  ASSERT_TRUE(reports.ok()) << reports.error().message;
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_FALSE((*reports)[0].is_sender);
  EXPECT_EQ((*reports)[0].sender_ssrc, 7u);
  EXPECT_TRUE((*reports)[0].blocks.empty());
}

TEST(RtcpPacket, CnameAlwaysEndsWithAZeroAndAWordBoundary) {
  for (size_t n : {0, 1, 2, 3, 4, 5, 6, 7, 254, 255, 300}) {
    std::string out;
    append_rtcp(out, 1, std::nullopt, std::nullopt, std::string(n, 'c'));
    std::string sdes = out.substr(8);
    size_t kept = std::min<size_t>(n, 255);
    EXPECT_EQ(sdes.size() % 4, 0u) << n;
    EXPECT_EQ((byte_at(sdes, 2) << 8 | byte_at(sdes, 3)) + 1, sdes.size() / 4) << n;
    EXPECT_EQ(byte_at(sdes, 9), kept) << n;
    ASSERT_GT(sdes.size(), 10 + kept) << n;
    EXPECT_EQ(sdes[10 + kept], '\0') << n;
    EXPECT_LE(sdes.size() - (10 + kept), 4u) << "no more padding than needed, " << n;
  }
}

TEST(RtcpPacket, CumulativeLostIsClampedTo24Bits) {
  for (auto [given, sent] : {std::pair{10000000, 0x7fffff}, std::pair{-10000000, -0x800000},
                             std::pair{0x7fffff, 0x7fffff}, std::pair{-1, -1}}) {
    ReportBlock block;
    block.cumulative_lost = given;
    std::string out;
    append_rtcp(out, 1, std::nullopt, block, "c");
    Expected<std::vector<RtcpReport>> reports = parse_rtcp(out);
    ASSERT_TRUE(reports.ok());
    EXPECT_EQ((*reports)[0].blocks[0].cumulative_lost, sent) << given;
  }
}

TEST(RtcpPacket, SkipsOtherPacketTypes) {
  std::string bye = bytes({0x81, 203, 0, 1, 0, 0, 0, 9});
  std::string app = bytes({0x80, 204, 0, 2, 0, 0, 0, 9, 'n', 'a', 'm', 'e'});
  // An RR with two blocks, by hand: SSRC 9, then two 24-byte blocks.
  std::string rr = bytes({0x82, 201, 0, 13, 0, 0, 0, 9});
  rr += bytes({0, 0, 0, 1, 10, 0, 0, 3, 0, 1, 0, 5, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0});
  rr += bytes({0, 0, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 0, 1, 0, 0});
  Expected<std::vector<RtcpReport>> reports = parse_rtcp(bye + app + rr + bye);
  ASSERT_TRUE(reports.ok()) << reports.error().message;
  ASSERT_EQ(reports->size(), 1u);
  const RtcpReport &r = (*reports)[0];
  ASSERT_EQ(r.blocks.size(), 2u);
  EXPECT_EQ(r.blocks[0].ssrc, 1u);
  EXPECT_EQ(r.blocks[0].fraction_lost, 10);
  EXPECT_EQ(r.blocks[0].cumulative_lost, 3);
  EXPECT_EQ(r.blocks[0].highest_seq, 0x00010005u);
  EXPECT_EQ(r.blocks[0].jitter, 20u);
  EXPECT_EQ(r.blocks[1].cumulative_lost, -0x800000);
  EXPECT_EQ(r.blocks[1].lsr, 0x01020304u);
  EXPECT_EQ(r.blocks[1].dlsr, 0x00010000u);
}

TEST(RtcpPacket, RefusesLengthsThatLie) {
  const std::string bad[] = {
      "",
      bytes({0x80, 201, 0}),                      // short header
      bytes({0x40, 201, 0, 1, 0, 0, 0, 1}),       // version 1
      bytes({0x80, 201, 0, 2, 0, 0, 0, 1}),       // length past the data
      bytes({0x80, 201, 0, 0}),                   // RR without its SSRC
      bytes({0x80, 200, 0, 1, 0, 0, 0, 1}),       // SR without sender info
      bytes({0x81, 201, 0, 1, 0, 0, 0, 1}),       // block past its packet
      bytes({0x80, 203, 0, 1, 0, 0, 0, 1, 0x80}), // a trailing byte
      bytes({0x80, 202, 0xff, 0xff, 0, 0, 0, 1}), // SDES length past the data
  };
  for (const std::string &p : bad) {
    EXPECT_FALSE(parse_rtcp(p).ok()) << p.size() << " bytes";
  }
}

TEST(RtcpPacket, NtpTimestamps) {
  EXPECT_EQ(ntp_from_unix_us(0), uint64_t{2208988800u} << 32);
  EXPECT_EQ(ntp_from_unix_us(1500000), ((uint64_t{2208988801u}) << 32) | 0x80000000u);
  EXPECT_EQ(ntp_middle(0x0001234567890000u), 0x23456789u);
}

} // namespace
} // namespace gossipper::runtime::media
