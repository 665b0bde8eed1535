//===- call_pool.hpp - Ended calls kept to be made again -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call is an object and a handful of strings (its Call-ID, the last
// message it sent and received, the peer's tag, its branches): made new for
// every call, they were five to seven allocations per call. An ended call
// comes back here as made, but its strings keep their buffers, and the next
// call is made from it: at a steady rate a shard allocates nothing for its
// calls (tests/unit/runtime/engine/steady_allocations_test.cpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace gossipper::runtime {

class CallPool {
public:
  /// A call as made: a spare one if there is one.
  std::unique_ptr<Call> take();
  /// `call` ended (nothing holds it any more): kept, its state reset, or
  /// freed when the pool holds enough already.
  void give_back(std::unique_ptr<Call> call);
  [[nodiscard]] size_t spare() const { return spare_.size(); }

  /// Calls kept at most: a burst of ends (a run's last calls, a failing
  /// peer) must not keep their memory for good.
  static constexpr size_t kMaxSpare = 1024;

private:
  std::vector<std::unique_ptr<Call>> spare_;
};

} // namespace gossipper::runtime
