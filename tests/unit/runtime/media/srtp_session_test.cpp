//===- srtp_session_test.cpp - One direction of SRTP (libsrtp2) -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What one side protects the other unprotects, for every suite; a wrong key,
// a changed byte, a cut packet and a replay are each refused with their own
// status; RTCP is protected apart from RTP.
//
//===----------------------------------------------------------------------===//
#include "media/srtp_session.hpp"

#include "rtp_test_packet.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime::media {
namespace {

using Status = SrtpSession::Status;
using Dir = SrtpSession::Direction;

SdesCrypto crypto(SrtpSuite suite, char fill = '\x11') {
  SdesCrypto c;
  c.tag = 1;
  c.suite = suite;
  c.master = std::string(srtp_master_length(suite), fill);
  return c;
}

std::string rtp(uint16_t seq) { return test::rtp_packet(seq); }

/// A receiver report with no block, SSRC 0x01020304.
std::string rtcp() { return std::string("\x80\xc9\x00\x01\x01\x02\x03\x04", 8); }

TEST(SrtpSession, EverySuiteRoundTrips) {
  for (SrtpSuite s :
       {SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_32,
        SrtpSuite::AesCm256HmacSha1_80, SrtpSuite::AesCm256HmacSha1_32, SrtpSuite::NullHmacSha1_80,
        SrtpSuite::NullHmacSha1_32, SrtpSuite::AeadAes128Gcm, SrtpSuite::AeadAes256Gcm}) {
    SCOPED_TRACE(std::string(srtp_suite_name(s)));
    auto tx = SrtpSession::make(crypto(s), Dir::Outbound);
    auto rx = SrtpSession::make(crypto(s), Dir::Inbound);
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    ASSERT_TRUE(rx.ok()) << rx.error().message;
    for (uint16_t seq = 100; seq < 105; ++seq) {
      std::string p = rtp(seq);
      ASSERT_EQ((*tx)->protect(p, false), Status::Ok);
      EXPECT_GT(p.size(), rtp(seq).size()); // the tag
      bool null_cipher = s == SrtpSuite::NullHmacSha1_80 || s == SrtpSuite::NullHmacSha1_32;
      EXPECT_EQ(p.substr(12, 160) == rtp(seq).substr(12), null_cipher);
      ASSERT_EQ((*rx)->unprotect(p, false), Status::Ok);
      EXPECT_EQ(p, rtp(seq));
    }
    std::string r = rtcp();
    ASSERT_EQ((*tx)->protect(r, true), Status::Ok);
    ASSERT_EQ((*rx)->unprotect(r, true), Status::Ok);
    EXPECT_EQ(r, rtcp());
  }
}

TEST(SrtpSession, TheTagsAreTheSuites) {
  auto tx80 = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80), Dir::Outbound);
  auto tx32 = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_32), Dir::Outbound);
  std::string a = rtp(1), b = rtp(1);
  ASSERT_EQ((*tx80)->protect(a, false), Status::Ok);
  ASSERT_EQ((*tx32)->protect(b, false), Status::Ok);
  EXPECT_EQ(a.size(), rtp(1).size() + 10);
  EXPECT_EQ(b.size(), rtp(1).size() + 4);
  // SRTCP keeps the 80-bit tag for _32, and adds its 4-byte index.
  std::string r = rtcp();
  ASSERT_EQ((*tx32)->protect(r, true), Status::Ok);
  EXPECT_EQ(r.size(), rtcp().size() + 4 + 10);
}

TEST(SrtpSession, AWrongKeyFailsAuthentication) {
  auto tx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80, '\x11'), Dir::Outbound);
  auto rx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80, '\x22'), Dir::Inbound);
  std::string p = rtp(7);
  ASSERT_EQ((*tx)->protect(p, false), Status::Ok);
  EXPECT_EQ((*rx)->unprotect(p, false), Status::AuthFailed);
}

TEST(SrtpSession, ATamperedOrCutPacketIsRefused) {
  auto tx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80), Dir::Outbound);
  auto rx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80), Dir::Inbound);
  std::string p = rtp(9);
  ASSERT_EQ((*tx)->protect(p, false), Status::Ok);
  std::string tampered = p;
  tampered[40] = static_cast<char>(tampered[40] ^ 1);
  EXPECT_EQ((*rx)->unprotect(tampered, false), Status::AuthFailed);
  std::string cut = p.substr(0, 14);
  EXPECT_NE((*rx)->unprotect(cut, false), Status::Ok);
  std::string tiny = p.substr(0, 3);
  EXPECT_NE((*rx)->unprotect(tiny, false), Status::Ok);
  // The untouched packet still passes: a refusal leaves no trace.
  EXPECT_EQ((*rx)->unprotect(p, false), Status::Ok);
}

TEST(SrtpSession, AReplayIsRefused) {
  auto tx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80), Dir::Outbound);
  auto rx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80), Dir::Inbound);
  std::string p = rtp(11);
  ASSERT_EQ((*tx)->protect(p, false), Status::Ok);
  std::string again = p;
  EXPECT_EQ((*rx)->unprotect(p, false), Status::Ok);
  EXPECT_EQ((*rx)->unprotect(again, false), Status::Replayed);
}

TEST(SrtpSession, OurSenderMayRepeatASequenceNumber) {
  // A capture played twice on one call sends its numbers again.
  auto tx = SrtpSession::make(crypto(SrtpSuite::AesCm128HmacSha1_80), Dir::Outbound);
  std::string a = rtp(5), b = rtp(5);
  EXPECT_EQ((*tx)->protect(a, false), Status::Ok);
  EXPECT_EQ((*tx)->protect(b, false), Status::Ok);
}

TEST(SrtpSession, UnencryptedSrtpIsAuthenticatedOnly) {
  SdesCrypto c = crypto(SrtpSuite::AesCm128HmacSha1_80);
  c.unencrypted_srtp = true;
  auto tx = SrtpSession::make(c, Dir::Outbound);
  auto rx = SrtpSession::make(c, Dir::Inbound);
  std::string p = rtp(3);
  ASSERT_EQ((*tx)->protect(p, false), Status::Ok);
  EXPECT_EQ(p.substr(12, 160), rtp(3).substr(12)); // the payload in the clear
  EXPECT_EQ(p.size(), rtp(3).size() + 10);         // ... and a tag
  EXPECT_EQ((*rx)->unprotect(p, false), Status::Ok);
}

TEST(SrtpSession, AKeyOfTheWrongLengthIsRefused) {
  SdesCrypto c = crypto(SrtpSuite::AesCm128HmacSha1_80);
  c.master.resize(20);
  EXPECT_FALSE(SrtpSession::make(c, Dir::Outbound).ok());
}

} // namespace
} // namespace gossipper::runtime::media
