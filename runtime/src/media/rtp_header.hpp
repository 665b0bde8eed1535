//===- rtp_header.hpp - RTP packets, RFC 3550 and RFC 4733 ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The fixed RTP header and what follows it (CSRC list, header extension,
// padding), read from a received datagram with every length checked against
// the datagram; the 12-byte header written for a sent one; RTP told from
// RTCP on a muxed port; and DTMF events (RFC 4733) out of a payload.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gossipper::runtime::media {

struct RtpHeader {
  bool marker = false;
  uint8_t payload_type = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  uint8_t csrc_count = 0;
  bool extension = false;
  bool padding = false;
  /// Where the payload lies in the packet: after the CSRCs and extension,
  /// before the padding. Always inside the parsed packet.
  size_t payload_offset = 0;
  size_t payload_size = 0;
};

constexpr size_t kRtpHeaderSize = 12;

/// Reads a version 2 RTP packet. Fails when the CSRC list, the extension or
/// the padding count runs past the packet.
[[nodiscard]] Expected<RtpHeader> parse_rtp(std::string_view packet);

/// Writes the 12-byte fixed header (version 2) into out12[0..11]. The
/// padding, extension and CSRC count bits are written as given: the caller
/// appends whatever they announce.
void write_rtp_header(char *out12, const RtpHeader &header);

/// RFC 5761 §4: on a port carrying both, a version 2 packet whose second
/// byte, marker bit masked, is 64..95 (RTCP packet types 192..223) is RTCP.
[[nodiscard]] bool is_rtcp(std::string_view packet);

/// An RFC 4733 telephone-event payload (the first event of it).
struct TelephoneEvent {
  uint8_t event = 0; ///< 0-9, 10 '*', 11 '#', 12-15 A-D, ...
  bool end = false;
  uint8_t volume = 0;    ///< 0..63, in -dBm0
  uint16_t duration = 0; ///< in timestamp units
};

[[nodiscard]] Expected<TelephoneEvent> parse_telephone_event(std::string_view payload);

} // namespace gossipper::runtime::media
