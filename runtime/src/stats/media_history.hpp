//===- media_history.hpp - The run's media at one sample ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the summary's media_over_time holds at each of RunHistory's samples:
// the media counts so far, the largest jitter so far, and the lowest MOS of
// the streams measured since the sample before. The counters keep only the
// run's largest jitter, not when it came, so no interval has a jitter of its
// own; the MOS of an interval comes from the difference of the MOS
// distributions at its ends, as the media screen's periodic MOS does.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/stats_snapshot.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace gossipper::runtime {

struct MediaPoint {
  uint64_t rtp_sent = 0, rtp_received = 0, echoed = 0;
  /// Streams measured so far, and their RFC 3550 expected and lost packets:
  /// a stream's are counted when it ends.
  uint64_t streams_measured = 0, packets_expected = 0, packets_lost = 0;
  uint64_t max_jitter_us = 0; ///< the largest of a stream measured so far
  /// The lowest MOS of the streams measured in this point's interval (none:
  /// no stream ended in it).
  std::optional<double> min_mos;

  /// This point's interval now starts where `earlier`'s did: its MOS is the
  /// lower of the two.
  void take_in(const MediaPoint &earlier);
};

/// Makes the points of successive samples: each interval's MOS runs from the
/// previous point taken to this one.
class MediaSampler {
public:
  /// The point of `now`, which the next interval starts from.
  MediaPoint take(const MediaSummary &now);
  /// The point of `now` without starting an interval (the run's end).
  [[nodiscard]] MediaPoint peek(const MediaSummary &now) const;
  /// A point taken and then dropped: its interval joins the next point's.
  void carry(const MediaPoint &dropped);

private:
  std::vector<uint64_t> mos_before_; ///< the MOS distribution at the last point
  MediaPoint carried_;               ///< only its MOS counts
};

} // namespace gossipper::runtime
