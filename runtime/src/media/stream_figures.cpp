//===- stream_figures.cpp - What one stream received ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/stream_figures.hpp"

#include "media/mos.hpp"

#include <algorithm>

namespace gossipper::runtime::media {

namespace {

/// A source's expected and lost packets, never below zero (duplicates make
/// RFC 3550's lost count negative).
std::pair<int64_t, int64_t> expected_and_lost(const ReceiveQuality &q) {
  int64_t expected = std::max<int64_t>(q.expected(), 0);
  return {expected, std::clamp<int64_t>(q.lost(), 0, expected)};
}

} // namespace

void StreamReception::fold(const ReceiveQuality &q) {
  auto [expected, lost] = expected_and_lost(q);
  earlier_expected_ += expected;
  earlier_lost_ += lost;
  earlier_max_jitter_ms_ = std::max(earlier_max_jitter_ms_, q.max_jitter_ms());
}

void StreamReception::on_packet(const RtpHeader &rtp, uint64_t arrival_us, uint32_t clock_rate) {
  if (sources_.empty() || sources_[last_].ssrc != rtp.ssrc) {
    size_t i = 0;
    while (i < sources_.size() && sources_[i].ssrc != rtp.ssrc) {
      ++i;
    }
    if (i == sources_.size()) {
      if (sources_.size() == kSources) {
        fold(sources_.front().quality);
        sources_.erase(sources_.begin());
        i = sources_.size();
      }
      sources_.push_back({rtp.ssrc, ReceiveQuality{}});
    }
    last_ = i;
  }
  ++received_;
  sources_[last_].quality.on_packet(rtp.sequence, rtp.timestamp, arrival_us, clock_rate);
}

MediaQos StreamReception::figures(std::string_view codec, double rtt_ms) const {
  MediaQos q;
  q.packets_expected = earlier_expected_;
  q.packets_lost = earlier_lost_;
  q.max_jitter_ms = earlier_max_jitter_ms_;
  for (const Source &source : sources_) {
    auto [e, l] = expected_and_lost(source.quality);
    q.packets_expected += e;
    q.packets_lost += l;
    q.max_jitter_ms = std::max(q.max_jitter_ms, source.quality.max_jitter_ms());
  }
  double loss = q.packets_expected == 0
                    ? 0.0
                    : static_cast<double>(q.packets_lost) / static_cast<double>(q.packets_expected);
  // One-way delay: half the RTCP round trip when the peer's reports gave
  // one, plus what a jitter buffer of twice the last source's jitter adds;
  // losses are taken as random (BurstR 1).
  double delay = 2.0 * current().jitter_ms() + (rtt_ms > 0 ? rtt_ms / 2.0 : 0.0);
  q.r_factor = r_factor(delay, loss, 1.0, codec_impairment(codec));
  q.mos = mos_from_r(q.r_factor);
  return q;
}

void StreamReception::count(MediaCounters &counters, std::string_view codec, double rtt_ms) const {
  if (received_ == 0) {
    return;
  }
  using Field = MediaSummary::Field;
  MediaQos q = figures(codec, rtt_ms);
  counters.add(Field::StreamsMeasured);
  counters.add(Field::PacketsExpected, static_cast<uint64_t>(q.packets_expected));
  counters.add(Field::PacketsLost, static_cast<uint64_t>(q.packets_lost));
  counters.raise(Field::MaxJitterUs, static_cast<uint64_t>(q.max_jitter_ms * 1000.0));
  counters.record_mos(q.mos);
}

std::string_view static_codec(uint8_t pt) {
  switch (pt) {
  case 0: return "PCMU";
  case 3: return "GSM";
  case 4: return "G723";
  case 8: return "PCMA";
  case 9: return "G722";
  case 18: return "G729";
  default: return "";
  }
}

} // namespace gossipper::runtime::media
