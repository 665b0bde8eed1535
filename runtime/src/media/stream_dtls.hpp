//===- stream_dtls.hpp - A stream's DTLS-SRTP handshake ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// DTLS-SRTP on a stream (RFC 5763): once our SDP and the peer's both carry
// a=fingerprint, their a=setup values say who starts the handshake (the
// active side is the DTLS client). The handshake runs on the stream's RTP
// socket; its retransmissions and the time it is given are on the engine's
// timer wheel. The keys it exports key the stream's SRTP.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "media/dtls_session.hpp"
#include "time/timer_wheel.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gossipper::runtime::media {

struct MediaStream;

/// How long a handshake may take before it is given up and its call fails:
/// OpenSSL's hellos go at 0, 1 and 3 s; a loopback or LAN handshake takes
/// milliseconds, and a load test's calls are short.
inline constexpr uint64_t kDtlsGiveUpMs = 4000;

/// Our role from our a=setup and the peer's (RFC 5763 §5; an absent one is
/// taken as actpass); nullopt when both are actpass or both the same role.
[[nodiscard]] std::optional<DtlsSession::Role> dtls_role(std::string_view ours,
                                                         std::string_view peers);

/// What [dtls_setup] renders: in an answer to the peer's `peer_setup`, the
/// role that complements it (active to actpass, as RFC 5763 §5 asks of an
/// answerer); else, in an offer, actpass.
[[nodiscard]] std::string_view dtls_setup_text(std::string_view peer_setup, bool answering);

struct StreamDtls {
  TimerNode timer;  ///< first: the engine finds it from its node
  uint8_t kind = 3; ///< second, as in Playback (0), StreamPlayer (1), StreamRtcp (2)
  MediaStream *stream = nullptr;
  std::string call_id; ///< whose call fails when the handshake does
  /// Our SDP's a=setup and whether it had a=fingerprint.
  std::string our_setup;
  bool ours = false;
  /// The peer's a=setup and a=fingerprint.
  std::string peer_setup, peer_fingerprint;
  bool peers = false;
  bool peer_latest = false; ///< the peer's SDP came after ours
  std::unique_ptr<DtlsSession> session;
  uint64_t started_ms = 0;
  bool counted = false; ///< its end was counted
};

} // namespace gossipper::runtime::media
