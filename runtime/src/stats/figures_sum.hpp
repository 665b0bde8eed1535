//===- figures_sum.hpp - Adding up several processes' figures ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The threads' figures (MediaCounters) and the merge of the summaries of
// several processes (gossipper summary merge) add up alike: distributions
// bucket by bucket; MediaSummary's fields are counts, save four that are a
// largest value, kept as the largest.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/stats_snapshot.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gossipper::runtime {

/// `from`'s buckets added to `into`'s (grown to fit).
inline void add_counts(std::vector<uint64_t> &into, const std::vector<uint64_t> &from) {
  into.resize(std::max(into.size(), from.size()), 0);
  for (size_t i = 0; i < from.size(); ++i) {
    into[i] += from[i];
  }
}

/// Whether field `f` of MediaSummary is a largest value, not a count.
[[nodiscard]] inline bool is_media_maximum(size_t f) {
  return f == MediaSummary::MaxJitterUs || f == MediaSummary::MaxSendErrorUs ||
         f == MediaSummary::MaxOutboundJitterUs || f == MediaSummary::MaxRttUs;
}

/// `v` into field `f` of `sum`: added, or kept as the larger.
inline void add_media_field(MediaSummary &sum, size_t f, uint64_t v) {
  sum.values[f] = is_media_maximum(f) ? std::max(sum.values[f], v) : sum.values[f] + v;
}

/// Another process's figures and distributions into `sum`.
inline void add_media_summary(MediaSummary &sum, const MediaSummary &other) {
  for (size_t f = 0; f < other.values.size(); ++f) {
    add_media_field(sum, f, other.values[f]);
  }
  add_counts(sum.mos, other.mos);
  add_counts(sum.send_error, other.send_error);
}

} // namespace gossipper::runtime
