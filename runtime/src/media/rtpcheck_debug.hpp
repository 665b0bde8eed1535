//===- rtpcheck_debug.hpp - -rtpcheck_debug's files -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -rtpcheck_debug: what SIPp writes to its debugafile and debugvfile, per
// run, <scenario>_<pid>_rtpcheck_audio.log and _rtpcheck_video.log: a line
// for each echo rtpcheck found wrong (the payload sent under its number and
// the one that came back, in hex, with the stream's count of wrong echoes so
// far), and a line for each stream as it ends (packets sent, echoes right,
// wrong and missing, the share that failed, the tolerance and the verdict).
// Written from any shard, a line at a time; flushed by the run's loop and at
// the end, after the shards have ended their calls (docs/media.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"
#include "media/rtp_header.hpp"
#include "media/stream_player.hpp"
#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime::media {

class RtpcheckDebug {
public:
  /// Creates the file of each kind the run streams (`audio`, `video`).
  Expected<void> open(const std::string &audio_path, bool audio, const std::string &video_path,
                      bool video);
  /// An echo `check` found wrong on `player`'s stream; `packet` is the
  /// datagram that came back.
  void mismatch(const StreamPlayer &player, const EchoCheck &check, const RtpHeader &rtp,
                std::string_view packet, uint64_t wall_us);
  /// `player`'s stream ends with verdict `v`.
  void verdict(const StreamPlayer &player, const RtpcheckVerdict &v, uint64_t wall_us);
  void flush();

  /// The lines, without their date and end of line (tests).
  [[nodiscard]] static std::string mismatch_text(const StreamPlayer &player, const EchoCheck &check,
                                                 const RtpHeader &rtp, std::string_view packet);
  [[nodiscard]] static std::string verdict_text(const StreamPlayer &player,
                                                const RtpcheckVerdict &v);

private:
  TraceLog &file_of(const StreamPlayer &player) { return files_[player.spec().video ? 1 : 0]; }

  TraceLog files_[2]; ///< audio, video
};

} // namespace gossipper::runtime::media
