//===- dtmf_events_test.cpp - play_dtmf's RTP packets ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The packets SIPp 3.6.1's prepare_dtmf builds, field by field: 20 no-op
// packets, then per digit the RFC 4733 events and three end packets. The
// expected numbers are worked out from SIPp's formulas in each test, not
// taken from the code under test.
//
//===----------------------------------------------------------------------===//
#include "media/dtmf_events.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace gossipper::runtime::media {
namespace {

/// A packet's RTP header and 4-byte payload, decoded by hand.
struct Rtp {
  int version = 0;
  bool marker = false;
  int payload_type = 0;
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  int event = 0;
  bool end = false;
  int volume = 0;
  int duration = 0;
};

Rtp decode(const std::string &p) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(p.at(i))); };
  Rtp r;
  r.version = static_cast<int>(b(0) >> 6);
  r.marker = (b(1) & 0x80) != 0;
  r.payload_type = static_cast<int>(b(1) & 0x7f);
  r.seq = static_cast<uint16_t>(b(2) << 8 | b(3));
  r.timestamp = b(4) << 24 | b(5) << 16 | b(6) << 8 | b(7);
  r.ssrc = b(8) << 24 | b(9) << 16 | b(10) << 8 | b(11);
  r.event = static_cast<int>(b(12));
  r.end = (b(13) & 0x80) != 0;
  r.volume = static_cast<int>(b(13) & 0x3f);
  r.duration = static_cast<int>(b(14) << 8 | b(15));
  return r;
}

DtmfMedia played(std::string_view spec, uint16_t first_seq = 1000, uint32_t ssrc = 0x01020304) {
  Expected<DtmfMedia> m = dtmf_packets(spec, first_seq, ssrc);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(m).value() : DtmfMedia{};
}

/// Checks the no-op packets every play_dtmf starts with.
void check_noops(const PcapMedia &m, uint16_t first_seq, uint32_t ssrc) {
  ASSERT_GE(m.packets.size(), 20u);
  for (uint32_t i = 0; i < 20; ++i) {
    SCOPED_TRACE(i);
    const PcapPacket &p = m.packets[i];
    ASSERT_EQ(p.payload.size(), 16u);
    const Rtp r = decode(p.payload);
    EXPECT_EQ(r.version, 2);
    EXPECT_FALSE(r.marker);
    EXPECT_EQ(r.payload_type, 97);
    EXPECT_EQ(r.seq, static_cast<uint16_t>(first_seq + 2 * i)); // SIPp counts twice
    EXPECT_EQ(r.timestamp, 24000 + 20 * i);                     // milliseconds, as SIPp
    EXPECT_EQ(r.ssrc, ssrc);
    EXPECT_EQ(p.payload.substr(12), std::string(4, '\0'));
    EXPECT_EQ(p.offset_us, 20000u * i);
    EXPECT_EQ(p.port_delta, 0);
  }
}

/// Checks digit `k` of a play_dtmf with tone `tone` ms, whose packets start
/// at index `at` and whose first sequence number was `first_seq`.
void check_digit(const PcapMedia &m, size_t at, uint32_t k, int event, uint32_t tone,
                 uint16_t first_seq) {
  const uint32_t starts = (tone + 19) / 20;
  ASSERT_GE(m.packets.size(), at + starts + 3);
  const uint64_t start_ms = 400 + (k + 1) * tone * 2;
  for (uint32_t j = 0; j < starts + 3; ++j) {
    SCOPED_TRACE("digit " + std::to_string(k) + " packet " + std::to_string(j));
    const PcapPacket &p = m.packets[at + j];
    ASSERT_EQ(p.payload.size(), 16u);
    const Rtp r = decode(p.payload);
    const bool end = j >= starts;
    EXPECT_EQ(r.payload_type, 96);
    EXPECT_EQ(r.marker, j == 0);
    EXPECT_EQ(r.seq, static_cast<uint16_t>(first_seq + 20 + at + j));
    EXPECT_EQ(r.timestamp, 24400 + k * tone * 2);
    EXPECT_EQ(r.event, event);
    EXPECT_EQ(r.end, end);
    EXPECT_EQ(r.volume, 10);
    EXPECT_EQ(r.duration, static_cast<int>(end ? tone * 8 : j * 20 * 8));
    const uint64_t ms = end ? start_ms + tone + (j - starts) + 1 : start_ms + 20 * j;
    EXPECT_EQ(p.offset_us, ms * 1000);
    EXPECT_EQ(p.port_delta, 0);
  }
}

TEST(DtmfEvents, OneDigitWithTheDefaultTone) {
  const DtmfMedia d = played("1");
  EXPECT_EQ(d.media.base_port, 0);
  ASSERT_EQ(d.media.packets.size(), 20u + 200 / 20 + 3);
  check_noops(d.media, 1000, 0x01020304);
  check_digit(d.media, 20, 0, 1, 200, 1000);
  EXPECT_EQ(d.next_seq, 1000 + 33);
  // By hand, the first event: marker, PT 96, seq 1040, timestamp 24400,
  // duration 0, sent at 400 + 2 * 200 ms.
  const Rtp first = decode(d.media.packets[20].payload);
  EXPECT_TRUE(first.marker);
  EXPECT_EQ(first.seq, 1040);
  EXPECT_EQ(first.timestamp, 24400u);
  EXPECT_EQ(d.media.packets[20].offset_us, 800000u);
  // The last end packet: 800 + 200 + 3 ms, duration 1600.
  const Rtp last = decode(d.media.packets.back().payload);
  EXPECT_TRUE(last.end);
  EXPECT_EQ(last.duration, 1600);
  EXPECT_EQ(last.seq, 1052);
  EXPECT_EQ(d.media.packets.back().offset_us, 1003000u);
}

TEST(DtmfEvents, EveryDigitAndItsEventCode) {
  const std::string digits = "0123456789*#ABCD";
  const DtmfMedia d = played(digits + ",100", 7, 99);
  const size_t per_digit = 100 / 20 + 3;
  ASSERT_EQ(d.media.packets.size(), 20 + digits.size() * per_digit);
  check_noops(d.media, 7, 99);
  for (uint32_t k = 0; k < digits.size(); ++k) {
    check_digit(d.media, 20 + k * per_digit, k, static_cast<int>(k), 100, 7);
  }
  EXPECT_EQ(d.next_seq, static_cast<uint16_t>(7 + d.media.packets.size()));
}

TEST(DtmfEvents, OtherCharactersAreSkipped) {
  const DtmfMedia d = played("a1 x#d", 0, 5); // lower case is not a DTMF digit to SIPp
  ASSERT_EQ(d.media.packets.size(), 20u + 2 * 13);
  check_digit(d.media, 20, 0, 1, 200, 0);
  check_digit(d.media, 33, 1, 11, 200, 0);
}

TEST(DtmfEvents, ToneNotAMultipleOf20) {
  // 50 ms: events at 0, 20 and 40 ms, then the ends at 51, 52, 53.
  const DtmfMedia d = played("5,50");
  ASSERT_EQ(d.media.packets.size(), 20u + 3 + 3);
  check_digit(d.media, 20, 0, 5, 50, 1000);
}

TEST(DtmfEvents, ToneLengthAsAtolReadsIt) {
  EXPECT_EQ(played("1,2000").media.packets.size(), 20u + 100 + 3);
  EXPECT_EQ(played("1, 60ms").media.packets.size(), 20u + 3 + 3); // blanks, then digits
  for (const char *spec : {"1,49", "1,2001", "1,-100", "1,", "1,x", "1,99999999999999999999"}) {
    SCOPED_TRACE(spec);
    EXPECT_EQ(played(spec).media.packets.size(), 20u + 200 / 20 + 3); // back to 200 ms
  }
  const DtmfMedia d = played("9,60");
  check_digit(d.media, 20, 0, 9, 60, 1000);
}

TEST(DtmfEvents, SequenceNumbersWrap) {
  const DtmfMedia d = played("4", 65530);
  check_noops(d.media, 65530, 0x01020304);
  check_digit(d.media, 20, 0, 4, 200, 65530);
  EXPECT_EQ(decode(d.media.packets[3].payload).seq, 0); // 65530 + 6
  EXPECT_EQ(d.next_seq, static_cast<uint16_t>(65530 + 33));
}

TEST(DtmfEvents, TimesNeverGoBack) {
  const DtmfMedia d = played("123,50");
  for (size_t i = 1; i < d.media.packets.size(); ++i) {
    EXPECT_LE(d.media.packets[i - 1].offset_us, d.media.packets[i].offset_us) << i;
  }
  // Digit 2 starts at 400 + 3 * 100 ms.
  EXPECT_EQ(d.media.packets[20 + 2 * 6].offset_us, 700000u);
}

TEST(DtmfEvents, NoDigitIsAnError) {
  for (const char *spec : {"", ",100", "xyz,100", "abcd"}) {
    Expected<DtmfMedia> d = dtmf_packets(spec, 1, 1);
    ASSERT_FALSE(d.ok()) << spec;
    EXPECT_EQ(d.error().message,
              std::string("play_dtmf: no DTMF digit (0-9, *, #, A-D) in '") + spec + "'");
  }
}

} // namespace
} // namespace gossipper::runtime::media
