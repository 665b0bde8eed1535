//===- watchdog.hpp - SIPp's overload watchdog -----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each worker thread should fire it every -watchdog_interval; a firing
// later than a threshold after the thread's previous one means the thread
// was held up (overload, a stopped process): a minor or a major trip, and
// too many trips end the run, as in SIPp's watchdog task. The threads share
// one: a hold-up they all saw at once (the whole process stopped) counts
// once, as in SIPp's single loop.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace gossipper::runtime {

class Watchdog {
public:
  /// What one firing found, in SIPp's words.
  struct Findings {
    bool minor_trip = false;
    bool major_trip = false;
    std::vector<std::string> warnings;
    std::string fatal; ///< non-empty: the run must end
  };

  explicit Watchdog(const WatchdogOptions &options) : opt_(options) {}

  /// True when a thread that last fired at `last_ms` is due at `now_ms`.
  [[nodiscard]] bool due(uint64_t last_ms, uint64_t now_ms) const {
    return opt_.interval_ms != 0 && now_ms >= last_ms + opt_.interval_ms;
  }
  /// A thread fires at `now_ms`, having fired last at `last_ms`.
  Findings fire(uint64_t last_ms, uint64_t now_ms);

private:
  WatchdogOptions opt_;
  std::mutex mutex_;
  uint64_t last_trip_ = 0; ///< when the last counted trip was seen
  int minor_trips_ = 0;
  int major_trips_ = 0;
};

} // namespace gossipper::runtime
