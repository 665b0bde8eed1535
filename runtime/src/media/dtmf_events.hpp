//===- dtmf_events.hpp - play_dtmf's RTP packets ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <exec play_dtmf="123,100"/> sends RFC 4733 (formerly 2833) telephone
// events that SIPp builds itself rather than reads from a capture. This
// builds the same packets, in the shape of a capture (PcapMedia), so one
// replay sends both. Peers and tests compare against SIPp, so the packets,
// times, timestamps and sequence numbers are SIPp's, quirks included:
//
//  - 20 "no-op" packets (payload type 97, 4 zero bytes) 20 ms apart come
//    first, to open NAT bindings and let the peer learn the new SSRC. Their
//    sequence numbers step by 2 (first_seq, first_seq + 2, ...), and their
//    RTP timestamps count milliseconds from 24000, not 8 kHz ticks.
//  - Digit k's events (payload type 96) start at 400 + (k + 1) * 2 * tone ms,
//    one every 20 ms while shorter than the tone, the first with the marker
//    bit, then three end packets (E bit) 1, 2 and 3 ms after the tone. Every
//    packet of digit k carries RTP timestamp 24400 + k * 2 * tone; the
//    duration field counts 8 kHz ticks. Their sequence numbers run on from
//    first_seq + 40, one per packet.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"
#include "media/pcap_file.hpp"

#include <cstdint>
#include <string_view>

namespace gossipper::runtime::media {

/// A play_dtmf's packets, and where the call's sequence numbers go on.
struct DtmfMedia {
  /// The RTP packets (UDP payloads), port_delta 0 and base_port 0: they go
  /// to the media port itself.
  PcapMedia media;
  /// The first_seq of the call's next play_dtmf: first_seq plus the number
  /// of packets, modulo 2^16, as SIPp advances it. (The no-op packets'
  /// stepping by 2 makes the last number used first_seq + packets + 19.)
  uint16_t next_seq = 0;
  /// How many digits the spec held.
  uint32_t digits = 0;
};

/// SIPp's prepare_dtmf. `spec` is "DIGITS[,DURATION_MS]": digits 0-9 * # A-D
/// (any other character is skipped), each a tone of DURATION_MS (50 to 2000,
/// else 200; 200 when absent). `first_seq` is the first RTP sequence
/// number, `ssrc` the stream's SSRC. An error when no digit remains.
Expected<DtmfMedia> dtmf_packets(std::string_view spec, uint16_t first_seq, uint32_t ssrc);

} // namespace gossipper::runtime::media
