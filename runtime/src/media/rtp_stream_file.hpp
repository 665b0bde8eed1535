//===- rtp_stream_file.hpp - What rtp_stream plays -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// rtp_stream="FILE,LOOPS,PAYLOAD_TYPE[,NAME]" as SIPp reads it
// (CAction::setRTPStreamActInfo): the codec's packet size and time come from
// the payload type and its name; the file's bytes are sent as they are, a
// packet's worth at a time, the last packet of a loop taking the start of
// the file to fill it. Beyond SIPp, a WAV file is read as audio: its data
// chunk when it holds the payload's own encoding, G.711 made from 16-bit
// PCM otherwise; any other WAV is refused.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime::media {

struct RtpStreamSpec {
  std::string file;
  /// How many times the file plays; -1: until the call ends (SIPp's -1).
  int loops = 1;
  uint8_t payload_type = 8;
  std::string payload_name; ///< "PCMA/8000"
  uint32_t ms_per_packet = 20;
  uint32_t bytes_per_packet = 160;
  uint32_t ticks_per_packet = 160;
  bool video = false;
};

/// The spec of rtp_stream="..." (not pause or resume); `default_payload` is
/// -rtp_payload's. SIPp's words when it cannot be played.
Expected<RtpStreamSpec> parse_rtp_stream(std::string_view argument, uint8_t default_payload);

/// The bytes rtp_stream sends: the file as is, or a WAV's audio for the
/// spec's payload.
Expected<std::string> read_stream_audio(std::string_view contents, const std::string &path,
                                        const RtpStreamSpec &spec);

/// G.711 of one 16-bit linear sample (ITU-T G.711, the segment tables).
[[nodiscard]] uint8_t linear_to_ulaw(int16_t sample);
[[nodiscard]] uint8_t linear_to_alaw(int16_t sample);

} // namespace gossipper::runtime::media
