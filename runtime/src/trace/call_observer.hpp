//===- call_observer.hpp - Who hears of a call's life ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The seam beside the message observers (message_observer.hpp) for what is
// not a SIP message: a call starting and ending (with its outcome), a receive
// timeout, an unexpected message, credentials computed for a challenge, a
// <log> action; and from the media room, a stream starting and ending. The structured events
// (events/) are its first listener. One listener per run, set before the shards start: with none,
// an event point pays a load of a pointer that never changes and a branch. It is called on the
// shard's thread, so it must not block.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/stats_snapshot.hpp"

#include <cstdint>
#include <string_view>

namespace gossipper::runtime {

/// What a stream received, measured as the summary's media (RFC 3550, the
/// E-model's MOS).
struct MediaQos {
  bool video = false;
  int64_t packets_expected = 0;
  int64_t packets_lost = 0;
  double max_jitter_ms = 0;
  double mos = 0;
  double r_factor = 0; ///< the E-model's R, from which the MOS comes
};

struct CallEvent {
  enum class Kind : uint8_t {
    Started,      ///< a call was made (outgoing or incoming)
    Ended,        ///< counted: `outcome` says how
    Timeout,      ///< a <recv> timed out (its ontimeout= may go on)
    Unexpected,   ///< a message the scenario did not expect; `text` is its first line
    Auth,         ///< credentials answered a challenge
    Log,          ///< the scenario's <log>; `text` is the message
    MediaStarted, ///< a capture or rtp_stream starts playing; `text` names the action
    MediaEnded,   ///< a stream that received RTP ends with its call; `media` says how it went
  };
  Kind kind = Kind::Started;
  std::string_view call_id;
  uint32_t call_number = 0;
  /// Ended: SuccessfulCall, or the counter of its failure (FailedCall when
  /// SIPp has no finer one).
  Counter outcome = Counter::SuccessfulCall;
  /// The scenario element's index (Timeout, Unexpected, Ended), -1 if none.
  int32_t index = -1;
  std::string_view text;
  /// MediaEnded: the stream's figures.
  const MediaQos *media = nullptr;
  /// Wall clock, µs since the epoch.
  uint64_t wall_us = 0;
};

class CallObserver {
public:
  virtual ~CallObserver() = default;
  virtual void on_call_event(const CallEvent &event) = 0;
};

} // namespace gossipper::runtime
