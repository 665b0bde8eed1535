//===- signals.hpp - The signals a run answers, and its wake-up -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIGINT and SIGTERM stop the run at once (with complete files), SIGUSR1 is
// SIPp's q, SIGUSR2 writes the screens to the screen file; SIGPIPE is
// ignored. Handlers only set flags and wake the run loop through a pipe, on
// which any thread (a shard asking to stop) can wake it too.
//
//===----------------------------------------------------------------------===//
#pragma once

namespace gossipper::runtime {

class RunSignals {
public:
  /// Installs the handlers and opens the wake-up pipe.
  RunSignals();
  /// Closes the pipe; later wake-ups do nothing.
  ~RunSignals();
  RunSignals(const RunSignals &) = delete;
  RunSignals &operator=(const RunSignals &) = delete;

  /// What the run loop polls, with its other inputs (-1: none).
  [[nodiscard]] int wake_fd() const { return pipe_[0]; }
  /// Empties the pipe once the loop woke.
  void drain() const;
  /// The signal that stopped the run (SIGINT, SIGTERM), or 0.
  [[nodiscard]] static int stop_signal();
  /// One SIGUSR1 received and not yet handled: true once per signal.
  static bool take_usr1();
  /// Some SIGUSR2 received since the last call.
  static bool take_usr2();
  /// Wakes the run loop; from any thread or a signal handler.
  static void wake();

private:
  int pipe_[2] = {-1, -1};
};

} // namespace gossipper::runtime
