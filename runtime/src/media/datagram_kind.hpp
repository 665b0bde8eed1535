//===- datagram_kind.hpp - What arrived on a media port (RFC 7983) -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// STUN, DTLS and RTP/RTCP share a stream's socket once DTLS-SRTP is on: the
// first byte tells them apart (RFC 7983 §7).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string_view>

namespace gossipper::runtime::media {

enum class DatagramKind : uint8_t { Stun, Dtls, Rtp, Other };

[[nodiscard]] inline DatagramKind datagram_kind(std::string_view d) {
  if (d.empty()) {
    return DatagramKind::Other;
  }
  auto b = static_cast<uint8_t>(d[0]);
  if (b <= 3) {
    return DatagramKind::Stun;
  }
  if (b >= 20 && b <= 63) {
    return DatagramKind::Dtls;
  }
  if (b >= 128 && b <= 191) {
    return DatagramKind::Rtp; // RTP or RTCP
  }
  return DatagramKind::Other; // ZRTP, TURN channels, garbage
}

} // namespace gossipper::runtime::media
