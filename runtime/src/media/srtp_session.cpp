//===- srtp_session.cpp - One direction of SRTP (libsrtp2) ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/srtp_session.hpp"
#include "media/srtp_openssl.hpp"

#include <srtp2/srtp.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace gossipper::runtime::media {

namespace {

/// libsrtp's tables are made once per process, whichever shard comes first,
/// with OpenSSL's ciphers in place of the ones Debian's build has
/// (srtp_openssl.hpp) unless GOSSIPPER_SRTP_CRYPTO=libsrtp asks for those
/// (to measure them).
srtp_err_status_t init_once() {
  static std::once_flag once;
  static srtp_err_status_t status = srtp_err_status_ok;
  std::call_once(once, [] {
    status = srtp_init();
    const char *choice = std::getenv("GOSSIPPER_SRTP_CRYPTO");
    if (status == srtp_err_status_ok && (choice == nullptr || std::string(choice) != "libsrtp")) {
      if (std::string refused = use_openssl_srtp_crypto(); !refused.empty()) {
        std::fprintf(stderr, "SRTP: libsrtp's own ciphers kept: %s\n", refused.c_str());
      }
    }
  });
  return status;
}

} // namespace

void start_srtp() { (void)init_once(); }

namespace {

/// The suite's RTP policy; its RTCP policy is the same cipher with an
/// 80-bit tag (RFC 4568 §6.2: SRTCP keeps HMAC-SHA1-80 for the _32 suites).
void set_policies(SrtpSuite suite, srtp_crypto_policy_t &rtp, srtp_crypto_policy_t &rtcp) {
  switch (suite) {
  case SrtpSuite::AesCm128HmacSha1_80:
  case SrtpSuite::AesCm128HmacSha1_32:
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&rtcp);
    if (suite == SrtpSuite::AesCm128HmacSha1_32) {
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&rtp);
    } else {
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&rtp);
    }
    return;
  case SrtpSuite::AesCm256HmacSha1_80:
  case SrtpSuite::AesCm256HmacSha1_32:
    srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&rtcp);
    if (suite == SrtpSuite::AesCm256HmacSha1_32) {
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&rtp);
    } else {
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&rtp);
    }
    return;
  case SrtpSuite::NullHmacSha1_80:
  case SrtpSuite::NullHmacSha1_32:
    srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&rtcp);
    srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&rtp);
    if (suite == SrtpSuite::NullHmacSha1_32) {
      rtp.auth_tag_len = 4;
    }
    return;
  case SrtpSuite::AeadAes128Gcm:
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&rtcp);
    return;
  case SrtpSuite::AeadAes256Gcm:
    srtp_crypto_policy_set_aes_gcm_256_16_auth(&rtp);
    srtp_crypto_policy_set_aes_gcm_256_16_auth(&rtcp);
    return;
  }
}

SrtpSession::Status status_of(srtp_err_status_t e) {
  switch (e) {
  case srtp_err_status_ok: return SrtpSession::Status::Ok;
  case srtp_err_status_auth_fail: return SrtpSession::Status::AuthFailed;
  case srtp_err_status_replay_fail:
  case srtp_err_status_replay_old: return SrtpSession::Status::Replayed;
  default: return SrtpSession::Status::Bad;
  }
}

} // namespace

Expected<std::unique_ptr<SrtpSession>> SrtpSession::make(const SdesCrypto &c, Direction d) {
  if (srtp_err_status_t e = init_once(); e != srtp_err_status_ok) {
    return Error{"libsrtp could not start (error " + std::to_string(e) + ")"};
  }
  if (c.master.size() != srtp_master_length(c.suite)) {
    return Error{"a master key of the wrong length for " + std::string(srtp_suite_name(c.suite))};
  }
  srtp_policy_t policy{};
  set_policies(c.suite, policy.rtp, policy.rtcp);
  // RFC 4568 §6.3: the session parameters turn encryption or
  // authentication off.
  if (c.unencrypted_srtp) {
    policy.rtp.sec_serv = sec_serv_auth;
  } else if (c.unauthenticated_srtp) {
    policy.rtp.sec_serv = sec_serv_conf;
  }
  if (c.unencrypted_srtcp) {
    policy.rtcp.sec_serv = sec_serv_auth;
  }
  policy.ssrc.type = d == Direction::Outbound ? ssrc_any_outbound : ssrc_any_inbound;
  std::string key = c.master;
  policy.key = reinterpret_cast<unsigned char *>(key.data()); // NOLINT: libsrtp's API
  policy.window_size = 128;
  policy.allow_repeat_tx = d == Direction::Outbound ? 1 : 0;
  srtp_t ctx = nullptr;
  if (srtp_err_status_t e = srtp_create(&ctx, &policy); e != srtp_err_status_ok) {
    return Error{"libsrtp refused " + std::string(srtp_suite_name(c.suite)) + " (error " +
                 std::to_string(e) + ")"};
  }
  return std::unique_ptr<SrtpSession>(new SrtpSession(ctx, c));
}

SrtpSession::~SrtpSession() { srtp_dealloc(ctx_); }

SrtpSession::Status SrtpSession::protect(std::string &packet, bool rtcp) {
  int len = static_cast<int>(packet.size());
  // libsrtp writes the trailer (and SRTCP's index) past the packet.
  packet.resize(packet.size() + SRTP_MAX_TRAILER_LEN + 4);
  srtp_err_status_t e =
      rtcp ? srtp_protect_rtcp(ctx_, packet.data(), &len) : srtp_protect(ctx_, packet.data(), &len);
  packet.resize(e == srtp_err_status_ok ? static_cast<size_t>(len)
                                        : packet.size() - SRTP_MAX_TRAILER_LEN - 4);
  return status_of(e);
}

SrtpSession::Status SrtpSession::unprotect(std::string &packet, bool rtcp) {
  int len = static_cast<int>(packet.size());
  srtp_err_status_t e = rtcp ? srtp_unprotect_rtcp(ctx_, packet.data(), &len)
                             : srtp_unprotect(ctx_, packet.data(), &len);
  if (e == srtp_err_status_ok) {
    packet.resize(static_cast<size_t>(len));
  }
  return status_of(e);
}

} // namespace gossipper::runtime::media
