//===- receive_quality.cpp - What a receiver measures of a stream ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/receive_quality.hpp"

#include <algorithm>

namespace gossipper::runtime::media {
namespace {

// RFC 3550 Appendix A.1's constants.
constexpr uint32_t kMaxDropout = 3000;
constexpr uint32_t kMaxMisorder = 100;
constexpr uint8_t kMinSequential = 2;
constexpr uint32_t kSeqMod = 1u << 16;
constexpr uint32_t kSeenWindow = 64; // bits in ReceiveQuality::seen_

constexpr uint64_t kMicros = 1000000;

/// `us` microseconds in units of a `rate` Hz clock, without overflowing
/// for any 64-bit time.
uint64_t scale_us(uint64_t us, uint64_t rate) {
  return us / kMicros * rate + us % kMicros * rate / kMicros;
}

} // namespace

void ReceiveQuality::restart(uint16_t seq) {
  // A.1's init_seq.
  base_seq_ = seq;
  max_seq_ = seq;
  bad_seq_ = kSeqMod + 1; // so that seq == bad_seq_ is false
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
  seen_ = 1;
}

/// A.1's update_seq: whether the packet counts. Also sorts out duplicates
/// and late packets, which A.1 lumps together.
bool ReceiveQuality::update_seq(uint16_t seq) {
  auto udelta = static_cast<uint16_t>(seq - max_seq_);
  if (probation_ > 0) {
    if (seq == static_cast<uint16_t>(max_seq_ + 1)) {
      --probation_;
      max_seq_ = seq;
      if (probation_ == 0) {
        restart(seq);
        valid_ = true;
        ++received_;
        return true;
      }
    } else {
      probation_ = kMinSequential - 1;
      max_seq_ = seq;
    }
    return false;
  }
  if (udelta == 0) {
    ++duplicates_;
    ++received_;
    return false; // counted, as A.1 does, but no news for the jitter
  }
  if (udelta < kMaxDropout) {
    if (seq < max_seq_) {
      ++cycles_;
    }
    max_seq_ = seq;
    seen_ = udelta >= kSeenWindow ? 1 : (seen_ << udelta) | 1;
  } else if (udelta <= kSeqMod - kMaxMisorder) {
    // A very large jump: twice in sequence means the sender restarted.
    if (seq != bad_seq_) {
      bad_seq_ = (seq + 1u) & (kSeqMod - 1);
      return false;
    }
    restart(seq);
    have_transit_ = false; // its timestamps restarted too
  } else {
    auto behind = static_cast<uint16_t>(max_seq_ - seq);
    uint64_t bit = behind < kSeenWindow ? uint64_t{1} << behind : 0;
    if ((seen_ & bit) != 0) {
      ++duplicates_;
      ++received_;
      return false;
    }
    seen_ |= bit;
    ++out_of_order_;
  }
  ++received_;
  return true;
}

void ReceiveQuality::update_jitter(uint32_t rtp_ts, uint64_t arrival_us, uint32_t clock_rate) {
  if (clock_rate == 0) {
    return;
  }
  if (clock_rate != clock_rate_) {
    // Transit times in different units do not compare.
    clock_rate_ = clock_rate;
    have_transit_ = false;
  }
  uint32_t transit = static_cast<uint32_t>(scale_us(arrival_us, clock_rate)) - rtp_ts;
  if (!have_transit_) {
    transit_ = transit;
    have_transit_ = true;
    return;
  }
  auto d = static_cast<int32_t>(transit - transit_);
  transit_ = transit;
  uint64_t abs_d = d < 0 ? uint64_t{0} - static_cast<uint64_t>(static_cast<int64_t>(d))
                         : static_cast<uint64_t>(d);
  // A.8: J += (|D| - J) / 16, kept times 16 to stay in integers.
  uint64_t j = uint64_t{jitter_q4_} + abs_d - ((uint64_t{jitter_q4_} + 8) >> 4);
  jitter_q4_ = static_cast<uint32_t>(std::min<uint64_t>(j, UINT32_MAX));
  max_jitter_q4_ = std::max(max_jitter_q4_, jitter_q4_);
}

void ReceiveQuality::on_packet(uint16_t seq, uint32_t rtp_ts, uint64_t arrival_us,
                               uint32_t clock_rate) {
  if (!started_) {
    started_ = true;
    restart(seq);
    max_seq_ = static_cast<uint16_t>(seq - 1);
    probation_ = kMinSequential;
  }
  if (update_seq(seq)) {
    update_jitter(rtp_ts, arrival_us, clock_rate);
  }
}

void ReceiveQuality::on_sender_report(uint64_t ntp, uint64_t arrival_us) {
  lsr_ = ntp_middle(ntp);
  sr_arrival_us_ = arrival_us;
  have_sr_ = true;
}

int64_t ReceiveQuality::expected() const {
  if (!valid_) {
    return 0;
  }
  return (int64_t{cycles_} << 16) + max_seq_ - int64_t{base_seq_} + 1;
}

uint8_t ReceiveQuality::fraction_lost_since_last() {
  // A.3, in modulo 2^32 arithmetic like the counters on the wire.
  auto expected_now = static_cast<uint32_t>(expected());
  uint32_t expected_interval = expected_now - expected_prior_;
  uint32_t received_interval = received_ - received_prior_;
  expected_prior_ = expected_now;
  received_prior_ = received_;
  auto lost_interval = static_cast<int64_t>(expected_interval) - received_interval;
  if (expected_interval == 0 || lost_interval <= 0) {
    return 0;
  }
  return static_cast<uint8_t>(std::min<int64_t>((lost_interval << 8) / expected_interval, 255));
}

ReportBlock ReceiveQuality::report_block(uint32_t ssrc, uint64_t now_us) {
  ReportBlock b;
  b.ssrc = ssrc;
  b.fraction_lost = fraction_lost_since_last();
  b.cumulative_lost = static_cast<int32_t>(std::clamp<int64_t>(lost(), -0x800000, 0x7fffff));
  b.highest_seq = extended_highest();
  b.jitter = jitter_ts();
  if (have_sr_) {
    b.lsr = lsr_;
    if (now_us > sr_arrival_us_) {
      b.dlsr = static_cast<uint32_t>(
          std::min<uint64_t>(scale_us(now_us - sr_arrival_us_, 65536), UINT32_MAX));
    }
  }
  return b;
}

double ReceiveQuality::to_ms(uint32_t q4) const {
  return clock_rate_ == 0 ? 0.0 : q4 / 16.0 * 1000.0 / clock_rate_;
}

} // namespace gossipper::runtime::media
