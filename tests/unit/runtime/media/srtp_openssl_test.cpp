// libsrtp's ciphers and HMAC on OpenSSL: libsrtp takes them (its own known
// answers and ours pass), and what a session on Debian's own ciphers (NSS)
// protects, a session on ours unprotects, and back, for every suite we
// offer, RTP and RTCP.
#include "media/srtp_openssl.hpp"

#include <srtp2/srtp.h>

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <functional>
#include <vector>

namespace gossipper::runtime::media {
namespace {

using PolicySetter = void (*)(srtp_crypto_policy_t *);

struct Suite {
  const char *name;
  PolicySetter rtp;
  PolicySetter rtcp;
  int key_len; ///< master key and salt
};

const Suite kSuites[] = {
    {"AES_CM_128_HMAC_SHA1_80",
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p); },
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p); }, 30},
    {"AES_CM_128_HMAC_SHA1_32",
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(p); },
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p); }, 30},
    {"AES_256_CM_HMAC_SHA1_80",
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(p); },
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(p); }, 46},
    {"AEAD_AES_128_GCM",
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_gcm_128_16_auth(p); },
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_gcm_128_16_auth(p); }, 28},
    {"AEAD_AES_256_GCM",
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_gcm_256_16_auth(p); },
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_gcm_256_16_auth(p); }, 44},
    {"NULL_HMAC_SHA1_80",
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p); },
     [](srtp_crypto_policy_t *p) { srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p); }, 30},
};

srtp_t session(const Suite &s, std::vector<uint8_t> &key, bool outbound) {
  srtp_policy_t policy{};
  s.rtp(&policy.rtp);
  s.rtcp(&policy.rtcp);
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = key.data();
  policy.window_size = 128;
  srtp_t out = nullptr;
  EXPECT_EQ(srtp_create(&out, &policy), srtp_err_status_ok) << s.name;
  return out;
}

/// An RTP packet: 12-byte header (SSRC 0x11223344), 160 bytes of payload.
std::vector<uint8_t> rtp_packet(uint16_t seq) {
  std::vector<uint8_t> p(12 + 160 + SRTP_MAX_TRAILER_LEN);
  p[0] = 0x80;
  p[1] = 0x00;
  p[2] = static_cast<uint8_t>(seq >> 8);
  p[3] = static_cast<uint8_t>(seq);
  p[8] = 0x11, p[9] = 0x22, p[10] = 0x33, p[11] = 0x44;
  for (size_t i = 12; i < 172; ++i) {
    p[i] = static_cast<uint8_t>(i * 7 + seq);
  }
  return p;
}

/// An RTCP receiver report with one block.
std::vector<uint8_t> rtcp_packet() {
  std::vector<uint8_t> p(32 + SRTP_MAX_TRAILER_LEN + 4);
  const uint8_t rr[32] = {0x81, 201, 0, 7, 0x11, 0x22, 0x33, 0x44, 0xaa, 0xbb, 0xcc,
                          0xdd, 0,   0, 0, 1,    0,    0,    0,    9,    0,    0};
  std::memcpy(p.data(), rr, sizeof rr);
  return p;
}

/// `from` protects, `to` unprotects: the packets come out as they went in.
void carries(srtp_t from, srtp_t to, const char *what) {
  for (uint16_t seq = 1; seq <= 3; ++seq) {
    std::vector<uint8_t> p = rtp_packet(seq);
    std::vector<uint8_t> plain(p.begin(), p.begin() + 172);
    int len = 172;
    ASSERT_EQ(srtp_protect(from, p.data(), &len), srtp_err_status_ok) << what;
    ASSERT_GT(len, 172) << what;
    ASSERT_EQ(srtp_unprotect(to, p.data(), &len), srtp_err_status_ok) << what << " seq " << seq;
    ASSERT_EQ(len, 172) << what;
    EXPECT_TRUE(std::equal(plain.begin(), plain.end(), p.begin())) << what;
  }
  std::vector<uint8_t> r = rtcp_packet();
  std::vector<uint8_t> plain(r.begin(), r.begin() + 32);
  int len = 32;
  ASSERT_EQ(srtp_protect_rtcp(from, r.data(), &len), srtp_err_status_ok) << what;
  ASSERT_EQ(srtp_unprotect_rtcp(to, r.data(), &len), srtp_err_status_ok) << what << " RTCP";
  ASSERT_EQ(len, 32) << what;
  EXPECT_TRUE(std::equal(plain.begin(), plain.end(), r.begin())) << what;
  // A bit flipped in flight: refused.
  std::vector<uint8_t> p = rtp_packet(9);
  len = 172;
  ASSERT_EQ(srtp_protect(from, p.data(), &len), srtp_err_status_ok);
  p[20] ^= 1;
  EXPECT_EQ(srtp_unprotect(to, p.data(), &len), srtp_err_status_auth_fail) << what;
}

TEST(SrtpOpenssl, LibsrtpTakesThemAndTheyAgreeWithItsOwn) {
  // libsrtp's tables as Debian built them, whatever another test did.
  srtp_shutdown();
  ASSERT_EQ(srtp_init(), srtp_err_status_ok);
  std::vector<std::array<srtp_t, 2>> theirs;
  std::vector<std::vector<uint8_t>> keys;
  for (const Suite &s : kSuites) {
    std::vector<uint8_t> key(static_cast<size_t>(s.key_len));
    for (size_t i = 0; i < key.size(); ++i) {
      key[i] = static_cast<uint8_t>(0x30 + i * 3);
    }
    keys.push_back(key);
    theirs.push_back({session(s, key, true), session(s, key, false)});
  }
  EXPECT_EQ(use_openssl_srtp_crypto(), "");
  for (size_t i = 0; i < std::size(kSuites); ++i) {
    srtp_t ours_out = session(kSuites[i], keys[i], true);
    srtp_t ours_in = session(kSuites[i], keys[i], false);
    carries(theirs[i][0], ours_in, kSuites[i].name);
    carries(ours_out, theirs[i][1], kSuites[i].name);
    srtp_dealloc(ours_out);
    srtp_dealloc(ours_in);
    srtp_dealloc(theirs[i][0]);
    srtp_dealloc(theirs[i][1]);
  }
}

} // namespace
} // namespace gossipper::runtime::media
