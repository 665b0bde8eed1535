//===- media_counters.hpp - One shard's media figures ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Written by one thread (a shard's, or the echo's), read by the snapshot at
// any time: relaxed atomics, as the call counters are.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/stats_snapshot.hpp"
#include "stats/figures_sum.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>

namespace gossipper::runtime {

class MediaCounters {
public:
  using Field = MediaSummary::Field;

  void add(Field f, uint64_t n = 1) {
    auto &v = values_[f];
    v.store(v.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  void raise(Field f, uint64_t v) {
    auto &slot = values_[f];
    if (v > slot.load(std::memory_order_relaxed)) {
      slot.store(v, std::memory_order_relaxed);
    }
  }
  /// One measured stream's MOS (1.0 to 4.5).
  void record_mos(double mos) {
    auto hundredths = static_cast<long>(std::lround((mos - 1.0) * 100.0));
    size_t i = static_cast<size_t>(std::clamp<long>(hundredths, 0, MediaSummary::kMosBuckets - 1));
    mos_[i].store(mos_[i].load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  /// How far from its capture's time a packet left (µs, either way).
  void record_send_error(int64_t us) {
    uint64_t magnitude = static_cast<uint64_t>(us < 0 ? -us : us);
    size_t i = std::min<size_t>(magnitude / MediaSummary::kSendErrorStepUs,
                                MediaSummary::kSendErrorBuckets - 1);
    send_error_[i].store(send_error_[i].load(std::memory_order_relaxed) + 1,
                         std::memory_order_relaxed);
    raise(Field::MaxSendErrorUs, magnitude);
  }
  /// Adds these figures to `sum` (a maximum stays a maximum).
  void add_to(MediaSummary &sum) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      add_media_field(sum, i, values_[i].load(std::memory_order_relaxed));
    }
    sum.mos.resize(MediaSummary::kMosBuckets, 0);
    for (size_t i = 0; i < mos_.size(); ++i) {
      sum.mos[i] += mos_[i].load(std::memory_order_relaxed);
    }
    sum.send_error.resize(MediaSummary::kSendErrorBuckets, 0);
    for (size_t i = 0; i < send_error_.size(); ++i) {
      sum.send_error[i] += send_error_[i].load(std::memory_order_relaxed);
    }
  }

private:
  std::array<std::atomic<uint64_t>, MediaSummary::Count> values_{};
  std::array<std::atomic<uint64_t>, MediaSummary::kMosBuckets> mos_{};
  std::array<std::atomic<uint64_t>, MediaSummary::kSendErrorBuckets> send_error_{};
};

} // namespace gossipper::runtime
