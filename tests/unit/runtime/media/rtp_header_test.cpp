//===- rtp_header_test.cpp - RTP packets, RFC 3550 and RFC 4733 -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Packets written out byte by byte, so the parser is checked against the
// wire format and not against the writer; every length field pushed past
// the end of its packet.
//
//===----------------------------------------------------------------------===//
#include "media/rtp_header.hpp"

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

TEST(RtpHeader, ParsesTheFixedHeader) {
  // V=2, M=1, PT=8, seq 0x1234, ts 0xDEADBEEF, SSRC 0x01020304, 3 payload bytes.
  std::string p = bytes({0x80, 0x88, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 9, 9, 9});
  Expected<RtpHeader> h = parse_rtp(p);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_TRUE(h->marker);
  EXPECT_EQ(h->payload_type, 8);
  EXPECT_EQ(h->sequence, 0x1234);
  EXPECT_EQ(h->timestamp, 0xdeadbeefu);
  EXPECT_EQ(h->ssrc, 0x01020304u);
  EXPECT_EQ(h->csrc_count, 0);
  EXPECT_FALSE(h->extension);
  EXPECT_FALSE(h->padding);
  EXPECT_EQ(h->payload_offset, 12u);
  EXPECT_EQ(h->payload_size, 3u);
}

TEST(RtpHeader, CsrcListExtensionAndPadding) {
  // P=1 X=1 CC=2; two CSRCs; extension 0xBEDE with one word; 2 payload bytes,
  // 3 bytes of padding (count 3 in the last byte).
  std::string p = bytes({0xb2, 0x00, 0, 1, 0,    0,    0, 2, 0, 0, 0, 3, // fixed
                         0,    0,    0, 4, 0,    0,    0, 5,             // CSRCs
                         0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0,             // extension
                         0x11, 0x22,                                     // payload
                         0,    0,    3});                                // padding
  Expected<RtpHeader> h = parse_rtp(p);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->csrc_count, 2);
  EXPECT_TRUE(h->extension);
  EXPECT_TRUE(h->padding);
  EXPECT_EQ(h->payload_offset, 28u);
  EXPECT_EQ(h->payload_size, 2u);
  EXPECT_EQ(p.substr(h->payload_offset, h->payload_size), bytes({0x11, 0x22}));
}

TEST(RtpHeader, RefusesLengthsPastThePacket) {
  const std::string bad[] = {
      "",
      bytes({0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}),                            // 11 bytes
      bytes({0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}),                         // version 1
      bytes({0x00, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}),                         // version 0
      bytes({0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),                // CSRC cut
      bytes({0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde}),             // ext header
      bytes({0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 1, 0, 0}), // ext words
      bytes({0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0}),                   // padding 0
      bytes({0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 3}),                   // padding 3 > 2
      bytes({0xbf, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}),                         // 15 CSRCs
  };
  for (const std::string &p : bad) {
    EXPECT_FALSE(parse_rtp(p).ok()) << p.size() << " bytes";
  }
  // Padding may take the whole payload.
  Expected<RtpHeader> all_padding = parse_rtp(bytes({0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 2}));
  ASSERT_TRUE(all_padding.ok());
  EXPECT_EQ(all_padding->payload_size, 0u);
}

TEST(RtpHeader, WritesWhatItReads) {
  RtpHeader h;
  h.marker = true;
  h.payload_type = 101;
  h.sequence = 65535;
  h.timestamp = 0x80000001u;
  h.ssrc = 0xcafef00du;
  std::string packet(12, '\0');
  write_rtp_header(packet.data(), h);
  EXPECT_EQ(packet, bytes({0x80, 0xe5, 0xff, 0xff, 0x80, 0, 0, 1, 0xca, 0xfe, 0xf0, 0x0d}));
  packet += "payload";
  Expected<RtpHeader> back = parse_rtp(packet);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->marker);
  EXPECT_EQ(back->payload_type, 101);
  EXPECT_EQ(back->sequence, 65535);
  EXPECT_EQ(back->timestamp, 0x80000001u);
  EXPECT_EQ(back->ssrc, 0xcafef00du);
  EXPECT_EQ(back->payload_size, 7u);
}

TEST(RtpHeader, TellsRtcpFromRtp) {
  EXPECT_TRUE(is_rtcp(bytes({0x80, 200, 0, 6})));   // SR
  EXPECT_TRUE(is_rtcp(bytes({0x81, 201, 0, 7})));   // RR
  EXPECT_TRUE(is_rtcp(bytes({0x81, 203, 0, 1})));   // BYE
  EXPECT_TRUE(is_rtcp(bytes({0x80, 192, 0, 1})));   // FIR, the range's start
  EXPECT_TRUE(is_rtcp(bytes({0x80, 223, 0, 1})));   // the range's end
  EXPECT_FALSE(is_rtcp(bytes({0x80, 0x00, 0, 1}))); // PCMU
  EXPECT_FALSE(is_rtcp(bytes({0x80, 0x80, 0, 1}))); // PCMU with the marker
  EXPECT_FALSE(is_rtcp(bytes({0x80, 0xe0, 0, 1}))); // PT 96 with the marker
  EXPECT_FALSE(is_rtcp(bytes({0x80, 224, 0, 1})));
  EXPECT_FALSE(is_rtcp(bytes({0x00, 200, 0, 1}))); // STUN-like first byte
  EXPECT_FALSE(is_rtcp(bytes({0x80})));
  EXPECT_FALSE(is_rtcp(""));
}

TEST(RtpHeader, TelephoneEvent) {
  // RFC 4733 §2.3: event 5, E bit, volume 10, duration 800.
  Expected<TelephoneEvent> e = parse_telephone_event(bytes({0x05, 0x8a, 0x03, 0x20}));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->event, 5);
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->volume, 10);
  EXPECT_EQ(e->duration, 800);
  // The reserved bit is not the volume's.
  Expected<TelephoneEvent> r = parse_telephone_event(bytes({11, 0x7f, 0xff, 0xff, 0}));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->end);
  EXPECT_EQ(r->volume, 63);
  EXPECT_EQ(r->duration, 65535);
  EXPECT_FALSE(parse_telephone_event(bytes({5, 0x8a, 3})).ok());
}

} // namespace
} // namespace gossipper::runtime::media
