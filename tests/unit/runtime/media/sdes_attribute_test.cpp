//===- sdes_attribute_test.cpp - SDP's a=crypto (RFC 4568) ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Lines as SIPp's keywords, rtpengine and baresip write them, the session
// parameters, and each way a line can be wrong.
//
//===----------------------------------------------------------------------===//
#include "media/sdes_attribute.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime::media {
namespace {

TEST(SdesAttribute, ReadsAnAesLine) {
  // RFC 4568 §4's example key, 30 bytes.
  auto c = read_sdes_crypto(
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32");
  // An MKI: refused, no peer of ours sends one.
  EXPECT_FALSE(c.ok());
  c = read_sdes_crypto(
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20");
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_TRUE(c->has_value());
  const SdesCrypto &line = **c;
  EXPECT_EQ(line.tag, 1u);
  EXPECT_EQ(line.suite, SrtpSuite::AesCm128HmacSha1_80);
  EXPECT_EQ(line.master.size(), 30u);
  EXPECT_EQ(base64_encode(line.master), "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
  EXPECT_FALSE(line.unencrypted_srtp);
}

TEST(SdesAttribute, ReadsSessionParameters) {
  auto c = read_sdes_crypto("2 AES_CM_128_HMAC_SHA1_32 "
                            "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP "
                            "UNENCRYPTED_SRTCP");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->tag, 2u);
  EXPECT_EQ((*c)->suite, SrtpSuite::AesCm128HmacSha1_32);
  EXPECT_TRUE((*c)->unencrypted_srtp);
  EXPECT_TRUE((*c)->unencrypted_srtcp);
  EXPECT_FALSE((*c)->unauthenticated_srtp);
}

TEST(SdesAttribute, KnowsTheSuitesByName) {
  for (SrtpSuite s :
       {SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_32,
        SrtpSuite::AesCm256HmacSha1_80, SrtpSuite::AesCm256HmacSha1_32, SrtpSuite::NullHmacSha1_80,
        SrtpSuite::NullHmacSha1_32, SrtpSuite::AeadAes128Gcm, SrtpSuite::AeadAes256Gcm}) {
    EXPECT_EQ(srtp_suite_named(srtp_suite_name(s)), s);
  }
  EXPECT_EQ(srtp_master_length(SrtpSuite::AeadAes128Gcm), 28u);
  EXPECT_EQ(srtp_master_length(SrtpSuite::AesCm256HmacSha1_80), 46u);
}

TEST(SdesAttribute, SkipsASuiteItDoesNotRun) {
  // rtpengine offers F8 and AES-192 among others: not an error, no line.
  auto c =
      read_sdes_crypto("5 F8_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
}

TEST(SdesAttribute, RefusesMalformedLines) {
  const char *const bad[] = {
      "",
      "x AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
      "1234567890 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
      "1 AES_CM_128_HMAC_SHA1_80",
      "1 AES_CM_128_HMAC_SHA1_80 PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaV",     // short
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR!!", // not base64
      "1 AEAD_AES_128_GCM inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", // 30 bytes, not 28
  };
  for (const char *line : bad) {
    EXPECT_FALSE(read_sdes_crypto(line).ok()) << line;
  }
}

TEST(SdesAttribute, WritesWhatItReads) {
  SdesCrypto c;
  c.tag = 7;
  c.suite = SrtpSuite::NullHmacSha1_32;
  c.master = std::string(30, '\x5a');
  c.unencrypted_srtcp = true;
  std::string line = write_sdes_crypto(c);
  EXPECT_EQ(line.rfind("7 NULL_HMAC_SHA1_32 inline:", 0), 0u) << line;
  auto back = read_sdes_crypto(line);
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->master, c.master);
  EXPECT_TRUE((*back)->unencrypted_srtcp);
}

TEST(SdesAttribute, Base64BothWays) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8"), "fo"); // padding left out
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Z"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9*"), std::nullopt);
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all += static_cast<char>(i);
  }
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
}

} // namespace
} // namespace gossipper::runtime::media
