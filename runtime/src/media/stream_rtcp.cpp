//===- stream_rtcp.cpp - One stream's RTCP --------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/stream_rtcp.hpp"

#include <random>

namespace gossipper::runtime::media {

void StreamRtcp::report(std::string &out, StreamReception &reception, const StreamPlayer *sending,
                        std::string_view cname, uint64_t wall_us, uint64_t now_us) {
  std::optional<SenderInfo> sender;
  uint32_t ssrc = ssrc_;
  if (sending != nullptr && sending->sent() != 0) {
    ssrc = sending->ssrc();
    SenderInfo info;
    info.ntp = ntp_from_unix_us(wall_us);
    info.rtp_ts = sending->timestamp_at(now_us);
    info.packets = static_cast<uint32_t>(sending->sent());
    info.octets = static_cast<uint32_t>(sending->sent() * sending->spec().bytes_per_packet);
    sender = info;
  } else if (ssrc == 0) {
    ssrc_ = ssrc = static_cast<uint32_t>(std::random_device{}()) | 1U;
  }
  std::optional<ReportBlock> block;
  if (reception.received() != 0) {
    block = reception.current().report_block(reception.ssrc(), now_us);
  }
  out.clear();
  append_rtcp(out, ssrc, sender, block, cname);
}

void StreamRtcp::on_reports(const std::vector<RtcpReport> &reports, StreamReception &reception,
                            const StreamPlayer *sending, uint64_t wall_us, uint64_t now_us) {
  uint32_t ours = sending != nullptr ? sending->ssrc() : ssrc_;
  for (const RtcpReport &r : reports) {
    if (r.is_sender && reception.received() != 0 && r.sender_ssrc == reception.ssrc()) {
      reception.current().on_sender_report(r.ntp, now_us);
    }
    for (const ReportBlock &b : r.blocks) {
      if (ours == 0 || b.ssrc != ours) {
        continue;
      }
      peer_reported_ = true;
      peer_lost_ = b.cumulative_lost;
      peer_jitter_ts_ = b.jitter;
      if (sending != nullptr) {
        peer_jitter_clock_ = sending->spec().video ? 90000 : 8000;
      }
      if (b.lsr != 0) {
        // RFC 3550 §6.4.1: A - LSR - DLSR, in 1/65536 s.
        uint32_t arrival = ntp_middle(ntp_from_unix_us(wall_us));
        auto rtt = static_cast<int64_t>(static_cast<uint32_t>(arrival - b.lsr - b.dlsr));
        if (rtt >= 0 && rtt < (1 << 20)) {
          rtt_ms_ = static_cast<double>(rtt) * 1000.0 / 65536.0;
        }
      }
    }
  }
}

void StreamRtcp::count(MediaCounters &counters) const {
  using Field = MediaSummary::Field;
  counters.add(Field::RtcpSent, sent_);
  if (!peer_reported_) {
    return;
  }
  counters.add(Field::OutboundReported);
  counters.add(Field::OutboundLost, static_cast<uint64_t>(std::max<int32_t>(peer_lost_, 0)));
  counters.raise(Field::MaxOutboundJitterUs,
                 static_cast<uint64_t>(peer_jitter_ts_) * 1000000ULL / peer_jitter_clock_);
  if (rtt_ms_ >= 0) {
    counters.raise(Field::MaxRttUs, static_cast<uint64_t>(rtt_ms_ * 1000.0));
  }
}

uint64_t rtcp_interval_ms(uint32_t random, bool first) {
  constexpr uint64_t kIntervalMs = 5000;
  uint64_t base = first ? kIntervalMs / 2 : kIntervalMs;
  return base / 2 + (base * (random % 1000)) / 1000;
}

} // namespace gossipper::runtime::media
