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
// SIPp 3.7's patterns, "apattern[,ID[,PAYLOAD_TYPE[,NAME]]]" and "vpattern"
// likewise: no file, every byte of every payload the pattern's (ID 1 to 6,
// 0xAA to 0xFF), until the call ends; apattern plays on the audio stream,
// vpattern on the video one. The words pause, resume, pauseapattern, ...
// hold or free a stream instead of playing one.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime::media {

struct RtpStreamSpec {
  std::string file; ///< empty for a pattern
  /// How many times the file plays; -1: until the call ends (SIPp's -1).
  int loops = 1;
  uint8_t payload_type = 8;
  std::string payload_name; ///< "PCMA/8000"
  uint32_t ms_per_packet = 20;
  uint32_t bytes_per_packet = 160;
  uint32_t ticks_per_packet = 160;
  /// Whether it plays on the call's video stream (and -videotolerance
  /// judges it): H.264 from a file, any vpattern.
  bool video = false;
  /// apattern/vpattern: SIPp's PATTERN1..PATTERN6 (1..6); 0 for a file.
  int pattern = 0;
};

/// The patterns SIPp numbers 1 to 6.
inline constexpr int kPatterns = 6;

/// The byte of every payload of pattern `id` (1..6): 0xAA, 0xBB, ... 0xFF.
[[nodiscard]] constexpr uint8_t pattern_byte(int id) {
  return static_cast<uint8_t>(0xAA + 0x11 * (id - 1));
}

/// rtp_stream's words that hold or free a call's streams rather than play:
/// pause and resume hold both (SIPp's TI_PAUSERTP), the pattern ones one.
enum class StreamControl : uint8_t {
  None, ///< a file or a pattern to play
  Pause,
  Resume,
  PauseAudio,  ///< pauseapattern
  ResumeAudio, ///< resumeapattern
  PauseVideo,  ///< pausevpattern
  ResumeVideo, ///< resumevpattern
};
[[nodiscard]] StreamControl stream_control(std::string_view argument);

/// Whether rtp_stream's argument plays a pattern (SIPp: it starts with
/// "apattern" or "vpattern").
[[nodiscard]] bool is_stream_pattern(std::string_view argument);

/// The spec of rtp_stream="..." (not a StreamControl word);
/// `default_payload` is -rtp_payload's. SIPp's words when it cannot be
/// played; a pattern ID that is not 1 to 6 is refused (SIPp's "Cannot
/// read/cache rtpstream file").
Expected<RtpStreamSpec> parse_rtp_stream(std::string_view argument, uint8_t default_payload);

/// A pattern's payload: `spec.bytes_per_packet` bytes of its byte (SIPp
/// caches one packet and plays it in a loop).
[[nodiscard]] std::string pattern_payload(const RtpStreamSpec &spec);

/// The bytes rtp_stream sends: the file as is, or a WAV's audio for the
/// spec's payload.
Expected<std::string> read_stream_audio(std::string_view contents, const std::string &path,
                                        const RtpStreamSpec &spec);

/// G.711 of one 16-bit linear sample (ITU-T G.711, the segment tables).
[[nodiscard]] uint8_t linear_to_ulaw(int16_t sample);
[[nodiscard]] uint8_t linear_to_alaw(int16_t sample);

} // namespace gossipper::runtime::media
