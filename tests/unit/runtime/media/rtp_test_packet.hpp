//===- rtp_test_packet.hpp - An RTP packet for the media tests --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>

namespace gossipper::runtime::media::test {

/// RTP version 2, payload type 0, sequence number `seq`, timestamp 320,
/// SSRC `ssrc`, then 160 bytes of `fill`.
inline std::string rtp_packet(uint16_t seq, uint32_t ssrc = 0x01020304, char fill = '\x7f') {
  std::string p = {'\x80', '\x00', static_cast<char>(seq >> 8), static_cast<char>(seq & 0xff),
                   '\0',   '\0',   '\x01',                       '\x40'};
  for (int shift = 24; shift >= 0; shift -= 8) {
    p += static_cast<char>((ssrc >> shift) & 0xff);
  }
  return p + std::string(160, fill);
}

} // namespace gossipper::runtime::media::test
