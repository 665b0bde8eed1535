//===- media_history.cpp - The run's media at one sample ------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/media_history.hpp"

#include <algorithm>

namespace gossipper::runtime {

void MediaPoint::take_in(const MediaPoint &earlier) {
  if (earlier.min_mos && (!min_mos || *earlier.min_mos < *min_mos)) {
    min_mos = earlier.min_mos;
  }
}

MediaPoint MediaSampler::take(const MediaSummary &now) {
  MediaPoint p = peek(now);
  mos_before_ = now.mos;
  carried_ = MediaPoint{};
  return p;
}

MediaPoint MediaSampler::peek(const MediaSummary &now) const {
  using M = MediaSummary;
  MediaPoint p;
  p.rtp_sent = now.get(M::RtpSent);
  p.rtp_received = now.get(M::RtpReceived);
  p.echoed = now.get(M::Echoed);
  p.streams_measured = now.get(M::StreamsMeasured);
  p.packets_expected = now.get(M::PacketsExpected);
  p.packets_lost = now.get(M::PacketsLost);
  p.max_jitter_us = now.get(M::MaxJitterUs);
  // The streams measured since the last point: the distribution's growth
  // (each bucket only grows; a shorter one counts as zeros).
  MediaSummary since;
  since.mos = now.mos;
  for (size_t i = 0; i < since.mos.size() && i < mos_before_.size(); ++i) {
    since.mos[i] -= std::min(since.mos[i], mos_before_[i]);
  }
  if (double lowest = since.min_mos(); lowest > 0) { // 0: no stream
    p.min_mos = lowest;
  }
  p.take_in(carried_);
  return p;
}

void MediaSampler::carry(const MediaPoint &dropped) { carried_.take_in(dropped); }

} // namespace gossipper::runtime
