//===- srtp_session.hpp - One direction of SRTP (libsrtp2) ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A libsrtp2 session for one direction of one stream: ours protects what we
// send with the key our SDP announced, the peer's unprotects what it sends
// with the key its SDP announced (RFC 4568 §6.1). RTP and RTCP share it, as
// the SDES key covers both. Replay protection is libsrtp's (a 128-packet
// window); our own sender may repeat a sequence number (a capture played
// twice), which libsrtp would otherwise refuse.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"
#include "media/sdes_attribute.hpp"

#include <memory>
#include <string>

struct srtp_ctx_t_;

namespace gossipper::runtime::media {

/// Starts libsrtp (its tables, and OpenSSL's ciphers in place of its own,
/// each checked against known answers) now rather than at the first
/// session: a run with media does it before any call, so no call waits for
/// it.
void start_srtp();

class SrtpSession {
public:
  enum class Direction : uint8_t { Outbound, Inbound };
  enum class Status : uint8_t {
    Ok,
    AuthFailed, ///< the tag does not match: a wrong key or a changed packet
    Replayed,   ///< a packet seen already, or older than the window
    Bad,        ///< too short or otherwise refused
  };

  /// A session for the suite and master key of `c`; an error names what
  /// libsrtp refused.
  static Expected<std::unique_ptr<SrtpSession>> make(const SdesCrypto &c, Direction d);
  ~SrtpSession();
  SrtpSession(const SrtpSession &) = delete;
  SrtpSession &operator=(const SrtpSession &) = delete;

  /// Encrypts and authenticates `packet` (RTP, or RTCP when `rtcp`) in
  /// place; it grows by the trailer.
  Status protect(std::string &packet, bool rtcp);
  /// Checks and decrypts `packet` in place; it shrinks by the trailer.
  Status unprotect(std::string &packet, bool rtcp);

  [[nodiscard]] const SdesCrypto &crypto() const { return crypto_; }

private:
  SrtpSession(srtp_ctx_t_ *ctx, SdesCrypto c) : ctx_(ctx), crypto_(std::move(c)) {}
  srtp_ctx_t_ *ctx_;
  SdesCrypto crypto_;
};

} // namespace gossipper::runtime::media
