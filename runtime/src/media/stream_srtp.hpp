//===- stream_srtp.hpp - A stream's SDES keys and SRTP ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's SDES keywords make a stream's a=crypto lines: [cryptotagNaudio],
// a suite keyword, [cryptokeyparamsNaudio] (a key made here from the
// system's CSPRNG), [ueaescm128sha18Naudio]. What was really sent is read
// back from our SDP, so a scenario may also write its lines by hand. Once
// our SDP and the peer's both carry lines, the pair with the same tag and
// suite (else the same suite) is chosen, our key protects what we send and
// the peer's unprotects what it sends (RFC 4568 §6.1); a new key on either
// side (a re-INVITE) makes new sessions.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/message_bytes.hpp"
#include "gossipper/ir/scenario.hpp"
#include "media/sdes_attribute.hpp"
#include "media/srtp_session.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gossipper::runtime::media {

/// The lines of the two SDPs that are used: (ours, the peer's), or nullopt.
/// `peer_latest`: the peer's SDP answers ours (its lines are looked at first).
[[nodiscard]] std::optional<std::pair<size_t, size_t>>
choose_sdes(const std::vector<SdesCrypto> &ours, const std::vector<SdesCrypto> &peers,
            bool peer_latest);

class StreamSrtp {
public:
  enum class Outcome : uint8_t {
    Plain,         ///< one side has no a=crypto: RTP stays plain
    Keyed,         ///< new sessions from the chosen pair
    Unchanged,     ///< the same keys as before
    NoCommonSuite, ///< both sides have lines, none pair up
    Refused,       ///< libsrtp refused the chosen pair
  };

  /// One SDES keyword appended to `out`, the message being made. When the
  /// peer's SDP is the latest, ours answers it: the tag rendered is the one
  /// of the peer's line with the slot's suite, once the suite is known.
  void render(const ir::CryptoKeyword &k, int32_t offset, MessageBytes &out);
  /// The message being made is out: no tag is left to fix.
  void message_done() { pending_ = {}; }

  /// The lines of our SDP that was sent, or of the peer's that arrived.
  Outcome on_ours(std::vector<SdesCrypto> lines);
  Outcome on_peers(std::vector<SdesCrypto> lines);

  /// Keys from a DTLS-SRTP handshake: SDES lines no longer decide.
  [[nodiscard]] Expected<void> key(const SdesCrypto &local, const SdesCrypto &remote);

  [[nodiscard]] SrtpSession *tx() const { return tx_.get(); }
  [[nodiscard]] SrtpSession *rx() const { return rx_.get(); }
  /// The lines of the last SDP each way that we run (-srtpcheck_debug).
  [[nodiscard]] const std::vector<SdesCrypto> &our_lines() const { return ours_; }
  [[nodiscard]] const std::vector<SdesCrypto> &peer_lines() const { return peers_; }
  /// Why the last negotiation was refused (Outcome::Refused).
  [[nodiscard]] const std::string &refusal() const { return refusal_; }

  uint64_t auth_failed = 0; ///< the peer's packets that failed their check
  uint64_t replayed = 0;    ///< ... that were replays

private:
  Outcome negotiate();
  /// The peer's line with `suite`, when it is the latest SDP.
  [[nodiscard]] const SdesCrypto *peer_offer(SrtpSuite suite) const;

  std::vector<SdesCrypto> ours_, peers_;
  bool peer_latest_ = false;
  struct Slot {
    std::string master; ///< the key and salt [cryptokeyparamsN] gave
    SrtpSuite suite = SrtpSuite::AesCm128HmacSha1_80;
  };
  std::array<Slot, 2> slots_;
  struct PendingTag {
    size_t pos = std::string::npos; ///< where in the message the tag is
    size_t len = 0;
  };
  std::array<PendingTag, 2> pending_;
  std::unique_ptr<SrtpSession> tx_, rx_;
  bool dtls_keyed_ = false;
  std::string refusal_;
};

} // namespace gossipper::runtime::media
