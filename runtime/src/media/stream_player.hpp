//===- stream_player.hpp - rtp_stream on one stream -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The packets rtp_stream sends, made from the file at the codec's pace as
// SIPp's rtpstream task makes them (a packet's worth of the file, the last
// of a loop completed from its start; paused, the timestamp keeps up and
// nothing leaves; a pattern is a one-packet file played until the call
// ends), and the check of what comes back (rtpcheck): an echo carries our
// SSRC and sequence numbers, so each echoed payload is compared with the
// one sent under its number.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "media/rtp_header.hpp"
#include "media/rtp_stream_file.hpp"
#include "time/timer_wheel.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gossipper::runtime::media {

/// A file (or a pattern's one packet) and how rtp_stream plays it, read
/// once per run.
struct RtpStreamMedia {
  RtpStreamSpec spec;
  std::string bytes;
};

/// What rtpcheck made of a packet that came back on the stream.
struct EchoCheck {
  enum class Result : uint8_t {
    NotOurs,   ///< another SSRC: the peer's own stream, not checked
    Matched,   ///< the payload sent under its sequence number
    Differs,   ///< as long, other bytes (`at`: the first that differs)
    WrongSize, ///< another length than the codec's packet
    Unsent,    ///< a sequence number not sent yet
  };
  Result result = Result::NotOurs;
  uint64_t packet = 0; ///< Differs, WrongSize: the stream's packet it echoes (from 0)
  size_t at = 0;       ///< Differs: the payload's first differing byte
  [[nodiscard]] bool failed() const { return result > Result::Matched; }
};

/// rtpcheck's verdict on a stream as it ends: SIPp fails a stream whose
/// packets without a right echo reach the tolerance; nothing came back,
/// ours does not judge it (docs/sipp-behaviour.md, "rtpcheck").
struct RtpcheckVerdict {
  enum class Result : uint8_t { Unchecked, Passed, Failed };
  Result result = Result::Unchecked;
  uint64_t missing = 0;    ///< sent, and no echo came back for it
  double failed_ratio = 0; ///< packets without a matching echo / packets sent
  double tolerance = 1.0;  ///< -audiotolerance or -videotolerance
};

struct MediaStream;

class StreamPlayer {
public:
  StreamPlayer(std::shared_ptr<const RtpStreamMedia> media, uint32_t ssrc, uint16_t first_seq,
               uint32_t first_timestamp, uint64_t start_us);

  TimerNode timer;  ///< first: the engine finds the player from its node
  uint8_t kind = 1; ///< second, as in Playback (0) and StreamRtcp (2)
  MediaStream *stream = nullptr;
  std::string call_id; ///< -rtpcheck_debug's lines name the call (empty without)

  /// When the next packet is due (µs, steady clock).
  [[nodiscard]] uint64_t due_us() const { return due_us_; }
  /// Whether every loop was played.
  [[nodiscard]] bool done() const { return loops_left_ == 0; }
  /// The next packet into `out`, and moves on; empty while paused.
  void next(std::string &out);
  void set_paused(bool paused) { paused_ = paused; }

  /// A packet that came back on the stream: checked when it is ours.
  EchoCheck check(const RtpHeader &rtp, std::string_view packet);
  /// The payload of the stream's packet `k` (from 0) into `out`.
  void payload_of(uint64_t k, std::string &out) const;
  /// rtpcheck's verdict with `tolerance` (-audiotolerance, -videotolerance).
  [[nodiscard]] RtpcheckVerdict verdict(double tolerance) const;
  [[nodiscard]] uint64_t sent() const { return sent_; }
  [[nodiscard]] uint64_t echoes_matched() const { return matched_; }
  [[nodiscard]] uint64_t echoes_differing() const { return differing_; }
  [[nodiscard]] const RtpStreamSpec &spec() const { return media_->spec; }
  [[nodiscard]] uint32_t ssrc() const { return ssrc_; }
  /// The RTP timestamp that corresponds to `now_us` (for a sender report).
  [[nodiscard]] uint32_t timestamp_at(uint64_t now_us) const;

private:
  /// check's comparison of an echo of ours; `c.packet` and `c.at` filled.
  EchoCheck::Result compare(const RtpHeader &rtp, std::string_view packet, EchoCheck &c) const;

  std::shared_ptr<const RtpStreamMedia> media_;
  uint32_t ssrc_;
  uint16_t first_seq_;
  uint16_t seq_;
  uint32_t timestamp_;
  uint64_t due_us_;
  size_t offset_ = 0; ///< where the next payload starts in the file
  int loops_left_;
  bool paused_ = false;
  uint64_t sent_ = 0;
  uint64_t matched_ = 0;
  uint64_t differing_ = 0;
};

} // namespace gossipper::runtime::media
