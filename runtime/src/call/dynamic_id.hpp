//===- dynamic_id.hpp - SIPp's [dynamic_id] counter ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One counter for the whole run, shared by the shards: every [dynamic_id]
// takes the current value and steps it, back to the start once past the
// maximum (-dynamicStart, -dynamicMax, -dynamicStep).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <cstdint>

namespace gossipper::runtime {

class DynamicIdCounter {
public:
  DynamicIdCounter(int64_t start, int64_t max, int64_t step)
      : start_(start), max_(max), step_(step), next_(start) {}

  /// The value to print; the counter moves on.
  int64_t take() {
    int64_t v = next_.load(std::memory_order_relaxed);
    int64_t after = 0;
    do {
      after = v + step_ > max_ ? start_ : v + step_;
    } while (!next_.compare_exchange_weak(v, after, std::memory_order_relaxed));
    return v;
  }

private:
  int64_t start_;
  int64_t max_;
  int64_t step_;
  std::atomic<int64_t> next_;
};

} // namespace gossipper::runtime
