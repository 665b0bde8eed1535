//===- run_state.hpp - Where a run is, shared by its threads ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Written by the control surfaces (through RunControl), the run loop and
// the shards; read by all of them. All atomic: no lock is taken.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "control/quit_state.hpp"

#include <atomic>
#include <cstdint>

namespace gossipper::runtime {

struct RunState {
  QuitState quit;
  std::atomic<bool> paused{false};
  /// The shards abort their open calls (the quit is aborting).
  std::atomic<bool> abort_calls{false};
  /// The shards stop their loops: the run is over.
  std::atomic<bool> stop{false};
  /// The run ends at once (an action's stop_now, a fatal error, -timeout_error).
  std::atomic<bool> stop_now{false};
  /// Stopped by a fatal error: exit 255.
  std::atomic<bool> fatal{false};
  std::atomic<double> rate{10.0};
  std::atomic<uint64_t> rate_epoch{0}; ///< bumped on every rate change
  /// The overload controller's cap of the rate (calls per rate period; 0:
  /// none): the generator offers the lower of the two.
  std::atomic<double> rate_cap{0};
  std::atomic<uint64_t> call_limit{0}; ///< 0: none
  std::atomic<uint64_t> created{0};    ///< calls started by the generator
};

} // namespace gossipper::runtime
