//===- stream_srtp_test.cpp - A stream's SDES keys and SRTP ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's keywords rendered as an offer and as an answer, the pair of lines
// chosen from the two SDPs, and two streams keyed by an offer and its answer
// talking SRTP to each other.
//
//===----------------------------------------------------------------------===//
#include "media/stream_srtp.hpp"

#include "rtp_test_packet.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

using Outcome = StreamSrtp::Outcome;
using ir::CryptoKeyword;
using What = CryptoKeyword::What;
using Suite = CryptoKeyword::Suite;

CryptoKeyword kw(What what, uint8_t slot, Suite suite = Suite::AesCm128Sha1_80) {
  CryptoKeyword k;
  k.what = what;
  k.slot = slot;
  k.suite = suite;
  return k;
}

/// "a=crypto:[tagN] [suite] inline:[keyparamsN]" rendered, without "a=crypto:".
std::string line(StreamSrtp &s, uint8_t slot, Suite suite, int32_t key_offset = 0) {
  MessageBytes out; // the message being written, as the renderer passes it
  s.render(kw(What::Tag, slot), 0, out);
  out += ' ';
  s.render(kw(What::Suite, slot, suite), 0, out);
  out += " inline:";
  s.render(kw(What::KeyParams, slot), key_offset, out);
  return out.str();
}

std::vector<SdesCrypto> read(const std::vector<std::string> &lines) {
  std::vector<SdesCrypto> v;
  for (const std::string &l : lines) {
    auto c = read_sdes_crypto(l);
    EXPECT_TRUE(c.ok() && c->has_value()) << l;
    if (c.ok() && c->has_value()) {
      v.push_back(**c);
    }
  }
  return v;
}

std::string rtp(uint16_t seq) { return test::rtp_packet(seq); }

TEST(StreamSrtp, TheKeywordsMakeAnOffer) {
  StreamSrtp s;
  std::string one = line(s, 1, Suite::AesCm128Sha1_80);
  std::string two = line(s, 2, Suite::AesCm128Sha1_32);
  EXPECT_EQ(one.substr(0, 33), "1 AES_CM_128_HMAC_SHA1_80 inline:");
  EXPECT_EQ(two.substr(0, 33), "2 AES_CM_128_HMAC_SHA1_32 inline:");
  // SIPp's key: 30 bytes, 40 characters of base64.
  EXPECT_EQ(one.size(), 33u + 40u);
  EXPECT_NE(one.substr(33), two.substr(33));
  EXPECT_EQ(read({one, two}).size(), 2u);
}

TEST(StreamSrtp, ANegativeOffsetRepeatsTheKey) {
  StreamSrtp s;
  std::string first = line(s, 1, Suite::AesCm128Sha1_80);
  std::string again = line(s, 1, Suite::AesCm128Sha1_80, -9);
  std::string fresh = line(s, 1, Suite::AesCm128Sha1_80);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, fresh);
}

TEST(StreamSrtp, OurAeadKeywordsMakeKeysOfTheirLength) {
  StreamSrtp s;
  std::string gcm128 = line(s, 1, Suite::AeadAes128Gcm);
  std::string gcm256 = line(s, 2, Suite::AeadAes256Gcm);
  EXPECT_EQ(gcm128.rfind("1 AEAD_AES_128_GCM inline:", 0), 0u) << gcm128;
  auto read128 = read({gcm128, gcm256});
  ASSERT_EQ(read128.size(), 2u);
  EXPECT_EQ(read128[0].master.size(), 28u);
  EXPECT_EQ(read128[1].master.size(), 44u);
  // The keyword range decodes to them, for audio and video.
  for (int i = 0;
       i <= static_cast<int>(ir::Keyword::CryptoLast) - static_cast<int>(ir::Keyword::CryptoFirst);
       ++i) {
    auto k = static_cast<ir::Keyword>(static_cast<int>(ir::Keyword::CryptoFirst) + i);
    std::string name = ir::keyword_name(k);
    auto decoded = ir::crypto_keyword(k);
    ASSERT_TRUE(decoded) << name;
    EXPECT_EQ(decoded->video, name.ends_with("video")) << name;
    if (name.find("aeadaes256") != std::string::npos) {
      EXPECT_EQ(decoded->suite, Suite::AeadAes256Gcm) << name;
    }
  }
}

TEST(StreamSrtp, TheUnencryptedKeyword) {
  StreamSrtp s;
  MessageBytes out;
  s.render(kw(What::Unencrypted, 1, Suite::AesCm128Sha1_32), 0, out);
  EXPECT_EQ(out, "UNENCRYPTED_SRTP");
}

TEST(StreamSrtp, AnAnswerTakesTheTagOfTheOffersLine) {
  StreamSrtp uas;
  // The peer offers _32 as tag 3 and _80 as tag 5.
  StreamSrtp peer;
  std::string o3 = "3" + line(peer, 1, Suite::AesCm128Sha1_32).substr(1);
  std::string o5 = "5" + line(peer, 2, Suite::AesCm128Sha1_80).substr(1);
  EXPECT_EQ(uas.on_peers(read({o3, o5})), Outcome::Plain);
  std::string answer = line(uas, 1, Suite::AesCm128Sha1_80);
  EXPECT_EQ(answer.substr(0, 2), "5 ") << answer;
  uas.message_done();
  EXPECT_EQ(uas.on_ours(read({answer})), Outcome::Keyed);
  ASSERT_NE(uas.tx(), nullptr);
  ASSERT_NE(uas.rx(), nullptr);
  EXPECT_EQ(uas.rx()->crypto().tag, 5u);
}

TEST(StreamSrtp, ChoosesByTagThenBySuite) {
  StreamSrtp a;
  std::vector<SdesCrypto> offer =
      read({line(a, 1, Suite::AesCm128Sha1_80), line(a, 2, Suite::AesCm128Sha1_32)});
  // An answer naming tag 2 with its suite.
  std::vector<SdesCrypto> answer = read({line(a, 2, Suite::AesCm128Sha1_32)});
  auto pair = choose_sdes(offer, answer, true);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->first, 1u);
  EXPECT_EQ(pair->second, 0u);
  // A SIPp-style answer: tag 1, the suite of the offer's tag 2.
  answer[0].tag = 1;
  pair = choose_sdes(offer, answer, true);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->first, 1u);
  // No suite in common.
  std::vector<SdesCrypto> other = read({line(a, 1, Suite::NullSha1_80)});
  EXPECT_FALSE(choose_sdes(offer, other, true));
}

TEST(StreamSrtp, AnOfferAndItsAnswerTalk) {
  StreamSrtp uac, uas;
  std::string offer1 = line(uac, 1, Suite::AesCm128Sha1_80);
  std::string offer2 = line(uac, 2, Suite::AesCm128Sha1_32);
  uac.message_done();
  EXPECT_EQ(uac.on_ours(read({offer1, offer2})), Outcome::Plain); // no answer yet
  EXPECT_EQ(uas.on_peers(read({offer1, offer2})), Outcome::Plain);
  std::string answer = line(uas, 1, Suite::AesCm128Sha1_32);
  uas.message_done();
  EXPECT_EQ(answer[0], '2'); // the offer's line of that suite
  EXPECT_EQ(uas.on_ours(read({answer})), Outcome::Keyed);
  EXPECT_EQ(uac.on_peers(read({answer})), Outcome::Keyed);
  for (uint16_t seq = 1; seq < 4; ++seq) {
    std::string p = rtp(seq);
    ASSERT_EQ(uac.tx()->protect(p, false), SrtpSession::Status::Ok);
    EXPECT_EQ(p.size(), rtp(seq).size() + 4);
    ASSERT_EQ(uas.rx()->unprotect(p, false), SrtpSession::Status::Ok);
    EXPECT_EQ(p, rtp(seq));
    std::string q = rtp(seq);
    ASSERT_EQ(uas.tx()->protect(q, false), SrtpSession::Status::Ok);
    ASSERT_EQ(uac.rx()->unprotect(q, false), SrtpSession::Status::Ok);
  }
  // The same answer again (a retransmitted 200): the sessions stay.
  SrtpSession *rx = uac.rx();
  EXPECT_EQ(uac.on_peers(read({answer})), Outcome::Unchanged);
  EXPECT_EQ(uac.rx(), rx);
}

TEST(StreamSrtp, ANewAnswerWithoutCryptoTurnsSrtpOff) {
  StreamSrtp uac, uas;
  std::string offer = line(uac, 1, Suite::AesCm128Sha1_80);
  uac.message_done();
  uac.on_ours(read({offer}));
  uas.on_peers(read({offer}));
  std::string answer = line(uas, 1, Suite::AesCm128Sha1_80);
  ASSERT_EQ(uac.on_peers(read({answer})), Outcome::Keyed);
  EXPECT_EQ(uac.on_peers({}), Outcome::Plain);
  EXPECT_EQ(uac.tx(), nullptr);
  EXPECT_EQ(uac.rx(), nullptr);
}

TEST(StreamSrtp, NoCommonSuite) {
  StreamSrtp uac, uas;
  std::string offer = line(uac, 1, Suite::AesCm128Sha1_80);
  uac.on_ours(read({offer}));
  std::string answer = line(uas, 1, Suite::NullSha1_32);
  EXPECT_EQ(uac.on_peers(read({answer})), Outcome::NoCommonSuite);
  EXPECT_EQ(uac.tx(), nullptr);
}

} // namespace
} // namespace gossipper::runtime::media
