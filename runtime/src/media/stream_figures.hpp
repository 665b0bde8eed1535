//===- stream_figures.hpp - What one stream received -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The RTP one stream receives, measured by RFC 3550 per source: each SSRC
// (uac_pcap replays a capture, then a DTMF capture with its own; an echo
// returns our tone and our DTMF interleaved) is a source of its own, a few
// kept at once, the oldest folded into the totals when more come. When the stream ends, the
// figures join the run's, with the stream's MOS (docs/media.md, "MOS").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "media/receive_quality.hpp"
#include "media/rtp_header.hpp"
#include "stats/media_counters.hpp"
#include "trace/call_observer.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace gossipper::runtime::media {

class StreamReception {
public:
  void on_packet(const RtpHeader &rtp, uint64_t arrival_us, uint32_t clock_rate);
  [[nodiscard]] uint64_t received() const { return received_; }
  /// The source of the last packet (its SSRC, its figures for RTCP's
  /// report block); valid once received() is not 0.
  [[nodiscard]] uint32_t ssrc() const { return sources_[last_].ssrc; }
  ReceiveQuality &current() { return sources_[last_].quality; }
  [[nodiscard]] const ReceiveQuality &current() const { return sources_[last_].quality; }
  /// Adds this stream to the run's figures; `codec` names its encoding for
  /// the MOS. Nothing when it received nothing.
  void count(MediaCounters &counters, std::string_view codec, double rtt_ms = -1) const;
  /// What count() adds, for one stream (the media.ended event). Nothing
  /// to say when it received nothing (received() == 0).
  [[nodiscard]] MediaQos figures(std::string_view codec, double rtt_ms = -1) const;

private:
  struct Source {
    uint32_t ssrc = 0;
    ReceiveQuality quality;
  };
  static constexpr size_t kSources = 4;
  void fold(const ReceiveQuality &q);

  std::vector<Source> sources_;
  size_t last_ = 0;
  uint64_t received_ = 0;
  // The sources folded away.
  int64_t earlier_expected_ = 0;
  int64_t earlier_lost_ = 0;
  double earlier_max_jitter_ms_ = 0;
};

/// The codec of a static payload type (RFC 3551), empty for a dynamic one.
[[nodiscard]] std::string_view static_codec(uint8_t payload_type);

} // namespace gossipper::runtime::media
