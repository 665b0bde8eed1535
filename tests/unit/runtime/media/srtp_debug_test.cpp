// -srtpcheck_debug's file: dated lines naming the call and the stream, the
// SDES pair by tag and suite with its keys named by a digest only, each DTLS
// handshake's course, the first failing packets then a limit line, and a
// line per secure stream as it ends.
#include "media/srtp_debug.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

SdesCrypto line(uint32_t tag, SrtpSuite suite, char fill) {
  SdesCrypto c;
  c.tag = tag;
  c.suite = suite;
  c.master = std::string(srtp_master_length(suite), fill);
  return c;
}

SrtpDebugStream stream(const char *call, std::string_view kind = "audio") {
  SrtpDebugStream s;
  s.call_id = call;
  s.kind = kind;
  return s;
}

/// An RTP packet with that sequence number and SSRC, and a 10-byte tag.
std::string rtp(uint16_t seq, uint32_t ssrc) {
  std::string p(12 + 160 + 10, '\x5a');
  p[0] = static_cast<char>(0x80);
  p[1] = 0;
  p[2] = static_cast<char>(seq >> 8);
  p[3] = static_cast<char>(seq);
  for (int i = 0; i < 4; ++i) {
    p[8 + i] = static_cast<char>(ssrc >> (24 - 8 * i));
  }
  return p;
}

/// A file for one test, and its lines without their date once written.
class SrtpDebugFile : public ::testing::Test {
protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "srtp_debug_test_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log";
    std::remove(path_.c_str());
    ASSERT_TRUE(debug_.open(path_).ok());
  }
  void TearDown() override { std::remove(path_.c_str()); }

  /// Every line but the first, without its date ("YYYY-MM-DD HH:MM:SS.uuuuuu ").
  std::vector<std::string> lines() {
    debug_.flush();
    std::ifstream in(path_);
    std::vector<std::string> out;
    std::string l;
    while (std::getline(in, l)) {
      out.push_back(l);
    }
    EXPECT_FALSE(out.empty());
    EXPECT_EQ(out[0], "# Gossipper -srtpcheck_debug, SRTP of every stream (docs/srtp.md)");
    std::vector<std::string> events;
    for (size_t i = 1; i < out.size(); ++i) {
      EXPECT_GT(out[i].size(), 27U);
      EXPECT_EQ(out[i][4], '-') << out[i];
      EXPECT_EQ(out[i][19], '.') << out[i];
      events.push_back(out[i].substr(27));
    }
    return events;
  }

  std::string path_;
  SrtpDebug debug_;
};

TEST(SrtpDebug, AKeyIsNamedByTheStartOfItsDigest) {
  // SHA-256 of "" and of "abc" (FIPS 180-2's examples).
  EXPECT_EQ(SrtpDebug::key_id(""), "sha256:e3b0");
  EXPECT_EQ(SrtpDebug::key_id("abc"), "sha256:ba78");
  EXPECT_EQ(SrtpDebug::profile_name(SrtpSuite::AesCm128HmacSha1_80), "SRTP_AES128_CM_SHA1_80");
  EXPECT_EQ(SrtpDebug::profile_name(SrtpSuite::AeadAes256Gcm), "SRTP_AEAD_AES_256_GCM");
  EXPECT_EQ(SrtpDebug::profile_name(SrtpSuite::NullHmacSha1_80), "-");
}

TEST_F(SrtpDebugFile, SdesLinesNameTagsAndSuitesButNeverTheKeys) {
  SrtpDebugStream s = stream("1-42@127.0.0.1");
  SdesCrypto ours = line(1, SrtpSuite::AesCm128HmacSha1_80, 'k');
  SdesCrypto peers = line(3, SrtpSuite::AesCm128HmacSha1_80, 'p');
  peers.unencrypted_srtp = true;
  debug_.sdes_keyed(s, ours, peers, 0);
  debug_.sdes_no_common_suite(s, {ours, line(2, SrtpSuite::AesCm128HmacSha1_32, 'k')},
                              {line(1, SrtpSuite::AeadAes128Gcm, 'p')}, 0);
  debug_.sdes_refused(s, "libsrtp refused the key (error 2)", 0);
  debug_.sdes_malformed(s, "the key is not base64", 0);
  debug_.sdes_off(s, 0);
  std::vector<std::string> l = lines();
  ASSERT_EQ(l.size(), 5U);
  EXPECT_EQ(l[0], "SDES KEYED call=1-42@127.0.0.1 stream=audio ours=1/AES_CM_128_HMAC_SHA1_80 "
                  "peer=3/AES_CM_128_HMAC_SHA1_80;UNENCRYPTED_SRTP our_key=" +
                      SrtpDebug::key_id(ours.master) +
                      " peer_key=" + SrtpDebug::key_id(peers.master));
  EXPECT_NE(SrtpDebug::key_id(ours.master), SrtpDebug::key_id(peers.master));
  EXPECT_EQ(l[1], "SDES NO COMMON SUITE call=1-42@127.0.0.1 stream=audio "
                  "ours=1/AES_CM_128_HMAC_SHA1_80,2/AES_CM_128_HMAC_SHA1_32 "
                  "peer=1/AEAD_AES_128_GCM");
  EXPECT_EQ(l[2], "SDES KEYS REFUSED call=1-42@127.0.0.1 stream=audio "
                  "reason=libsrtp refused the key (error 2)");
  EXPECT_EQ(l[3], "SDES MALFORMED LINE call=1-42@127.0.0.1 stream=audio "
                  "reason=the key is not base64");
  EXPECT_EQ(l[4], "SDES OFF call=1-42@127.0.0.1 stream=audio "
                  "reason=the latest SDP has no a=crypto");
  // Neither key, raw or in base64, is anywhere in the file.
  for (const std::string &e : l) {
    for (const SdesCrypto *c : {&ours, &peers}) {
      EXPECT_EQ(e.find(c->master), std::string::npos) << e;
      EXPECT_EQ(e.find(base64_encode(c->master)), std::string::npos) << e;
    }
  }
}

TEST_F(SrtpDebugFile, DtlsLinesFollowTheHandshakeToItsEnd) {
  SrtpDebugStream a = stream("a@h");
  debug_.dtls_started(a, DtlsSession::Role::Client, 0);
  debug_.dtls_keyed(a, SrtpSuite::AeadAes256Gcm, 12, "", 0);
  SrtpDebugStream b = stream("b@h", "video");
  debug_.dtls_started(b, DtlsSession::Role::Server, 0);
  debug_.dtls_failed(b, "the peer's DTLS certificate does not match its SDP's a=fingerprint", 0);
  SrtpDebugStream c = stream("c@h");
  debug_.dtls_failed(c, "a=setup roles clash: ours actpass, the peer's actpass", 0);
  SrtpDebugStream d = stream("");
  debug_.dtls_started(d, DtlsSession::Role::Client, 0);
  debug_.dtls_timeout(d, 10000, 0);
  SrtpDebugStream e = stream("e@h");
  debug_.dtls_started(e, DtlsSession::Role::Server, 0);
  debug_.dtls_keyed(e, SrtpSuite::AesCm128HmacSha1_80, 3, "libsrtp refused", 0);
  std::vector<std::string> l = lines();
  ASSERT_EQ(l.size(), 9U);
  EXPECT_EQ(l[0], "DTLS STARTED call=a@h stream=audio role=client");
  EXPECT_EQ(l[1], "DTLS KEYED call=a@h stream=audio role=client profile=SRTP_AEAD_AES_256_GCM "
                  "suite=AEAD_AES_256_GCM ms=12");
  EXPECT_EQ(l[2], "DTLS STARTED call=b@h stream=video role=server");
  EXPECT_EQ(l[3], "DTLS FAILED call=b@h stream=video role=server reason=the peer's DTLS "
                  "certificate does not match its SDP's a=fingerprint");
  EXPECT_EQ(l[4], "DTLS FAILED call=c@h stream=audio role=- "
                  "reason=a=setup roles clash: ours actpass, the peer's actpass");
  EXPECT_EQ(l[6], "DTLS TIMEOUT call=- stream=audio role=client ms=10000");
  EXPECT_EQ(l[8], "DTLS KEYS REFUSED call=e@h stream=audio role=server "
                  "profile=SRTP_AES128_CM_SHA1_80 suite=AES_CM_128_HMAC_SHA1_80 ms=3 "
                  "reason=libsrtp refused");
  EXPECT_EQ(a.dtls, "keyed");
  EXPECT_EQ(b.dtls, "failed");
  EXPECT_EQ(d.dtls, "timeout");
  EXPECT_EQ(e.dtls, "refused");
}

TEST_F(SrtpDebugFile, FailingPacketsAreWrittenUpToTheLimitThenOnlyCounted) {
  SrtpDebugStream s = stream("x@h");
  StreamSrtp srtp;
  ASSERT_TRUE(srtp.key(line(1, SrtpSuite::AesCm128HmacSha1_80, 'a'),
                       line(1, SrtpSuite::AesCm128HmacSha1_80, 'b'))
                  .ok());
  const uint32_t n = SrtpDebug::kPacketLines;
  for (uint32_t i = 0; i < 3 * n; ++i) {
    ++srtp.auth_failed;
    debug_.packet(s, SrtpDebug::Packet::AuthFailed, rtp(static_cast<uint16_t>(100 + i), 0xA1B2C3D4),
                  false, srtp.auth_failed, 0);
  }
  ++srtp.auth_failed;
  debug_.packet(s, SrtpDebug::Packet::Malformed, "\x80", false, srtp.auth_failed, 0);
  const std::string rtcp("\x80\xc8\x00\x06\x01\x02\x03\x04", 8);
  for (int i = 0; i < 2; ++i) {
    ++srtp.replayed;
    debug_.packet(s, SrtpDebug::Packet::Replayed, rtcp, true, srtp.replayed, 0);
  }
  debug_.stream_end(s, &srtp, 0);
  s.dtls = "keyed";
  debug_.stream_end(s, &srtp, 0);
  debug_.stream_end(stream("y@h", "video"), nullptr, 0);
  std::vector<std::string> l = lines();
  ASSERT_EQ(l.size(), n + 1 + 2 + 3);
  EXPECT_EQ(l[0], "SRTP AUTH FAILED call=x@h stream=audio packet=rtp ssrc=0xA1B2C3D4 seq=100 "
                  "size=182 count=1 reason=auth");
  EXPECT_EQ(l[n - 1], "SRTP AUTH FAILED call=x@h stream=audio packet=rtp ssrc=0xA1B2C3D4 "
                      "seq=109 size=182 count=10 reason=auth");
  EXPECT_EQ(l[n], "SRTP AUTH FAILED LIMIT call=x@h stream=audio logged=10");
  EXPECT_EQ(l[n + 1], "SRTP REPLAY call=x@h stream=audio packet=rtcp ssrc=0x01020304 seq=- "
                      "size=8 count=1");
  EXPECT_EQ(l[n + 3], "SRTP STREAM END call=x@h stream=audio keyed=sdes "
                      "suite=AES_CM_128_HMAC_SHA1_80 auth_failures=31 replays=2 dtls=none");
  EXPECT_EQ(l[n + 4], "SRTP STREAM END call=x@h stream=audio keyed=dtls "
                      "suite=AES_CM_128_HMAC_SHA1_80 auth_failures=31 replays=2 dtls=keyed");
  EXPECT_EQ(l[n + 5], "SRTP STREAM END call=y@h stream=video keyed=no suite=- auth_failures=0 "
                      "replays=0 dtls=none");
}

TEST(SrtpDebug, AnUnwritableFileIsNamed) {
  SrtpDebug debug;
  Expected<void> opened = debug.open("/nonexistent-dir/x_srtp.log");
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("/nonexistent-dir/x_srtp.log"), std::string::npos);
}

} // namespace
} // namespace gossipper::runtime::media
