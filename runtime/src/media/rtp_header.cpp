//===- rtp_header.cpp - RTP packets, RFC 3550 and RFC 4733 ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/rtp_header.hpp"

#include <string>

namespace gossipper::runtime::media {
namespace {

uint8_t byte_at(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

uint16_t be16(std::string_view s, size_t i) {
  return static_cast<uint16_t>((byte_at(s, i) << 8) | byte_at(s, i + 1));
}

uint32_t be32(std::string_view s, size_t i) {
  return (uint32_t{byte_at(s, i)} << 24) | (uint32_t{byte_at(s, i + 1)} << 16) |
         (uint32_t{byte_at(s, i + 2)} << 8) | uint32_t{byte_at(s, i + 3)};
}

void put32(char *out, uint32_t v) {
  out[0] = static_cast<char>(v >> 24);
  out[1] = static_cast<char>(v >> 16);
  out[2] = static_cast<char>(v >> 8);
  out[3] = static_cast<char>(v);
}

} // namespace

Expected<RtpHeader> parse_rtp(std::string_view packet) {
  if (packet.size() < kRtpHeaderSize) {
    return Error{"RTP: packet of " + std::to_string(packet.size()) + " bytes"};
  }
  uint8_t b0 = byte_at(packet, 0);
  uint8_t b1 = byte_at(packet, 1);
  if ((b0 >> 6) != 2) {
    return Error{"RTP: version " + std::to_string(b0 >> 6)};
  }
  RtpHeader h;
  h.padding = (b0 & 0x20) != 0;
  h.extension = (b0 & 0x10) != 0;
  h.csrc_count = b0 & 0x0f;
  h.marker = (b1 & 0x80) != 0;
  h.payload_type = b1 & 0x7f;
  h.sequence = be16(packet, 2);
  h.timestamp = be32(packet, 4);
  h.ssrc = be32(packet, 8);
  size_t offset = kRtpHeaderSize + size_t{4} * h.csrc_count;
  if (offset > packet.size()) {
    return Error{"RTP: CSRC list past the end of the packet"};
  }
  if (h.extension) {
    // 16 bits profile-defined, 16 bits length in 32-bit words (RFC 3550 §5.3.1).
    if (offset + 4 > packet.size()) {
      return Error{"RTP: header extension past the end of the packet"};
    }
    offset += 4 + size_t{4} * be16(packet, offset + 2);
    if (offset > packet.size()) {
      return Error{"RTP: header extension past the end of the packet"};
    }
  }
  size_t end = packet.size();
  if (h.padding) {
    // The last byte counts the padding, itself included: 0 is no valid count.
    size_t pad = byte_at(packet, packet.size() - 1);
    if (pad == 0 || pad > end - offset) {
      return Error{"RTP: bad padding count " + std::to_string(pad)};
    }
    end -= pad;
  }
  h.payload_offset = offset;
  h.payload_size = end - offset;
  return h;
}

void write_rtp_header(char *out12, const RtpHeader &h) {
  out12[0] = static_cast<char>(0x80 | (h.padding ? 0x20 : 0) | (h.extension ? 0x10 : 0) |
                               (h.csrc_count & 0x0f));
  out12[1] = static_cast<char>((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f));
  out12[2] = static_cast<char>(h.sequence >> 8);
  out12[3] = static_cast<char>(h.sequence);
  put32(out12 + 4, h.timestamp);
  put32(out12 + 8, h.ssrc);
}

bool is_rtcp(std::string_view packet) {
  if (packet.size() < 2 || (byte_at(packet, 0) >> 6) != 2) {
    return false;
  }
  uint8_t type = byte_at(packet, 1) & 0x7f;
  return type >= 64 && type <= 95;
}

Expected<TelephoneEvent> parse_telephone_event(std::string_view payload) {
  if (payload.size() < 4) {
    return Error{"telephone-event: payload of " + std::to_string(payload.size()) + " bytes"};
  }
  TelephoneEvent e;
  e.event = byte_at(payload, 0);
  e.end = (byte_at(payload, 1) & 0x80) != 0;
  e.volume = byte_at(payload, 1) & 0x3f; // bit 6 is reserved
  e.duration = be16(payload, 2);
  return e;
}

} // namespace gossipper::runtime::media
