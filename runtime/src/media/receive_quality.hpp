//===- receive_quality.hpp - What a receiver measures of a stream -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 3550 Appendix A for one received source: sequence number validation
// (A.1: probation, dropouts, misordering, wrap-around, restart after a big
// jump), packets expected and lost (A.3) and interarrival jitter (A.8). One
// per stream and 10,000 streams per process: fixed size, no allocation.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "media/rtcp_packet.hpp"

#include <cstdint>

namespace gossipper::runtime::media {

class ReceiveQuality {
public:
  /// A packet of the source: its sequence number and RTP timestamp, when it
  /// arrived (any monotonic clock, in microseconds) and the payload's clock
  /// rate (0: no jitter is computed for it).
  void on_packet(uint16_t seq, uint32_t rtp_ts, uint64_t arrival_us, uint32_t clock_rate);

  /// A sender report from the source, for LSR and DLSR in report_block().
  void on_sender_report(uint64_t ntp, uint64_t arrival_us);

  /// Packets counted since the source was validated (A.1: the first packet
  /// of probation is not; late and duplicated packets are, so lost() may be
  /// negative, as RFC 3550 §6.4.1 says).
  [[nodiscard]] uint64_t received() const { return received_; }
  /// Extended highest sequence number - base + 1 (0 before validation).
  [[nodiscard]] int64_t expected() const;
  /// expected() - received(), not clamped (report_block() clamps it).
  [[nodiscard]] int64_t lost() const { return expected() - static_cast<int64_t>(received_); }
  /// Loss since the previous call, in 1/256 (A.3); starts a new interval.
  uint8_t fraction_lost_since_last();

  [[nodiscard]] uint32_t jitter_ts() const { return jitter_q4_ >> 4; }
  [[nodiscard]] double jitter_ms() const { return to_ms(jitter_q4_); }
  [[nodiscard]] double max_jitter_ms() const { return to_ms(max_jitter_q4_); }

  /// Packets whose sequence number was seen among the last 64.
  [[nodiscard]] uint32_t duplicates() const { return duplicates_; }
  /// Packets older than the highest sequence number, not duplicates.
  [[nodiscard]] uint32_t out_of_order() const { return out_of_order_; }
  /// Extended highest sequence number: cycles << 16 | highest.
  [[nodiscard]] uint32_t extended_highest() const { return (cycles_ << 16) | max_seq_; }

  /// The report block about this source (`ssrc`) for an SR or RR sent at
  /// `now_us` (same clock as arrivals; DLSR is 0 without it or without an
  /// SR). Starts a new loss interval.
  ReportBlock report_block(uint32_t ssrc, uint64_t now_us = 0);

private:
  void restart(uint16_t seq);
  bool update_seq(uint16_t seq);
  void update_jitter(uint32_t rtp_ts, uint64_t arrival_us, uint32_t clock_rate);
  [[nodiscard]] double to_ms(uint32_t q4) const;

  // The fields of RFC 3550's `source`, in its names where it has them.
  uint64_t seen_ = 0; ///< bit i: max_seq - i was received (duplicates)
  uint64_t sr_arrival_us_ = 0;
  uint32_t cycles_ = 0; ///< wrap-arounds (not shifted, unlike A.1)
  uint32_t base_seq_ = 0;
  uint32_t bad_seq_ = 0;
  uint32_t received_ = 0;
  uint32_t expected_prior_ = 0;
  uint32_t received_prior_ = 0;
  uint32_t transit_ = 0;
  uint32_t jitter_q4_ = 0; ///< jitter in timestamp units, times 16 (A.8)
  uint32_t max_jitter_q4_ = 0;
  uint32_t clock_rate_ = 0;
  uint32_t duplicates_ = 0;
  uint32_t out_of_order_ = 0;
  uint32_t lsr_ = 0;
  uint16_t max_seq_ = 0;
  uint8_t probation_ = 0;
  bool started_ = false; ///< a first packet was seen
  bool valid_ = false;   ///< probation passed
  bool have_transit_ = false;
  bool have_sr_ = false;
};

} // namespace gossipper::runtime::media
