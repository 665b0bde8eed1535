//===- quit_state.hpp - How far a run is in ending -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp adds up quit levels — 1 when -m or -timeout is reached, 10 for q, 20
// for Q — and aborts the open calls past 11. The sums that behave alike are
// one QuitLevel here; the transitions keep SIPp's arithmetic: q after a soft
// quit is graceful, q after q aborts (docs/sipp-behaviour.md, "Quitting").
// Written by any thread.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_control.hpp"

#include <atomic>

namespace gossipper::runtime {

class QuitState {
public:
  [[nodiscard]] QuitLevel level() const { return level_.load(); }
  [[nodiscard]] bool quitting() const { return level() != QuitLevel::Running; }
  [[nodiscard]] bool aborting() const { return level() == QuitLevel::Aborting; }

  /// -m reached, -timeout, an action's stop_gracefully: only a running
  /// test becomes soft.
  void soft() {
    QuitLevel running = QuitLevel::Running;
    level_.compare_exchange_strong(running, QuitLevel::Soft);
  }
  /// q, SIGUSR1, -rate_max: graceful, or aborting when already graceful.
  void graceful() {
    QuitLevel now = level_.load();
    QuitLevel next = QuitLevel::Graceful;
    do {
      next = now == QuitLevel::Graceful || now == QuitLevel::Aborting ? QuitLevel::Aborting
                                                                      : QuitLevel::Graceful;
    } while (!level_.compare_exchange_weak(now, next));
  }
  /// Q, a 3PCC twin gone: the open calls are aborted.
  void abort() { level_.store(QuitLevel::Aborting); }

private:
  std::atomic<QuitLevel> level_{QuitLevel::Running};
};

} // namespace gossipper::runtime
