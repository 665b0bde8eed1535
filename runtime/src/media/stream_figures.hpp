//===- stream_figures.hpp - What one stream received -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The RTP one stream receives, measured by RFC 3550 per source: a new SSRC
// (uac_pcap replays a capture, then a DTMF capture with its own) starts a new
// source, and the earlier one's figures are kept. When the stream ends, the
// figures join the run's, with the stream's MOS (docs/media.md, "MOS").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "media/receive_quality.hpp"
#include "media/rtp_header.hpp"
#include "stats/media_counters.hpp"

#include <cstdint>
#include <string_view>

namespace gossipper::runtime::media {

class StreamReception {
public:
  void on_packet(const RtpHeader &rtp, uint64_t arrival_us, uint32_t clock_rate);
  [[nodiscard]] uint64_t received() const { return received_; }
  /// The current source (its SSRC, its figures for RTCP's report block).
  [[nodiscard]] uint32_t ssrc() const { return ssrc_; }
  ReceiveQuality &current() { return current_; }
  [[nodiscard]] const ReceiveQuality &current() const { return current_; }
  /// Adds this stream to the run's figures; `codec` names its encoding for
  /// the MOS. Nothing when it received nothing.
  void count(MediaCounters &counters, std::string_view codec, double rtt_ms = -1) const;

private:
  ReceiveQuality current_;
  uint32_t ssrc_ = 0;
  uint64_t received_ = 0;
  // The sources before the current one.
  int64_t earlier_expected_ = 0;
  int64_t earlier_lost_ = 0;
  double earlier_max_jitter_ms_ = 0;
};

/// The codec of a static payload type (RFC 3551), empty for a dynamic one.
[[nodiscard]] std::string_view static_codec(uint8_t payload_type);

} // namespace gossipper::runtime::media
