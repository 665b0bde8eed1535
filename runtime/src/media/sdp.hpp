//===- sdp.hpp - Reading the peer's SDP -------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a media stream needs from the peer's offer or answer (RFC 4566): where
// to send RTP and RTCP, which payload types it may carry, and in which
// direction. Only audio, video and image (T.38) m= lines are kept; the rest
// of SDP is skipped. The body comes off the network: every number is
// checked, nothing is read past the end, nothing throws.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::media {

enum class MediaKind : uint8_t { Audio, Video, Image };
enum class MediaDirection : uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };

/// a=rtpmap:<payload type> <encoding>/<clock rate>[/<channels>].
struct RtpMap {
  uint8_t payload_type = 0;
  std::string encoding; ///< As written ("PCMU", "telephone-event").
  uint32_t clock_rate = 0;
};

/// One m= section.
struct SdpMedia {
  MediaKind kind = MediaKind::Audio;
  std::string address; ///< c= at media level, else session level.
  uint16_t port = 0;   ///< 0: a disabled stream (RFC 3264 §6).
  /// a=rtcp: (RFC 3605), else port + 1 (0 when port is 65535). With rtcp_mux
  /// RTCP goes to `port` instead once both sides offered it (RFC 5761):
  /// whether they did is the caller's to decide, so this stays as written.
  uint16_t rtcp_port = 0;
  bool rtcp_mux = false;
  /// Media-level a=sendonly etc., else session level, else sendrecv.
  MediaDirection direction = MediaDirection::SendRecv;
  std::string protocol; ///< "RTP/AVP", "RTP/SAVP", "udptl"...
  /// The m= line's formats, for RTP protocols (others, like T.38's "t38",
  /// are not numbers and are not kept).
  std::vector<uint8_t> payload_types;
  std::vector<RtpMap> rtpmaps;
  /// The a=crypto values (RFC 4568), as written: read_sdes_crypto() reads
  /// each, so that one bad line does not lose the stream.
  std::vector<std::string> crypto;
  /// DTLS-SRTP (RFC 5763): a=fingerprint's value and a=setup's
  /// (actpass, active, passive), media level, else session level; empty
  /// when absent.
  std::string fingerprint;
  std::string setup;
  bool ipv6 = false; ///< The address is c=IN IP6.
};

struct Sdp {
  std::vector<SdpMedia> media; ///< Audio, video and image m= lines, in order.
  /// The first stream of that kind with a port other than 0, or null.
  [[nodiscard]] const SdpMedia *first(MediaKind kind) const;
};

/// Reads an SDP body (lines end in CRLF or LF). Fails when no audio, video
/// or image m= line has a port other than 0, when such a line has no c=
/// (media or session level), or on a malformed number or c= line.
[[nodiscard]] Expected<Sdp> read_sdp(std::string_view body);

/// The SDP in a SIP message: its body when Content-Type is application/sdp;
/// for multipart/* the first part whose Content-Type is application/sdp
/// (SIPp issue #862: SDP next to a PIDF document). Content-Length, when
/// present and within the message, bounds the body. nullopt when there is
/// no SDP. The view points into `sip_message`.
[[nodiscard]] std::optional<std::string_view> sdp_body(std::string_view sip_message);

} // namespace gossipper::runtime::media
