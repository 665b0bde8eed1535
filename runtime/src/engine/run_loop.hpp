//===- run_loop.hpp - The main thread while a test runs --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The main thread watches; it never touches a call. It sleeps until its next
// deadline or an input (the keyboard, -cp, a signal, a shard's wake-up),
// then: signals, -rate_increase, keys and commands (through RunControl), the
// end-of-run conditions (-m, -timeout, quitting with no call left), the live
// screen, the statistics rows, the traces' flush. When the run ends it
// prints SIPp's final screens.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "control/commands.hpp"
#include "control/signals.hpp"
#include "engine/run.hpp"
#include "ui/console.hpp"
#include "ui/screen_printer.hpp"

#include <cstdio>

namespace gossipper::runtime {

class RunLoop {
public:
  RunLoop(Run &run, const RunSignals &signals, std::FILE *out);
  /// Until the run ends.
  void run();
  /// The last screens, of `s`: the snapshot the final CSV row and the
  /// summary read too, taken once the shards have stopped.
  void final_screens(const StatsSnapshot &s);

private:
  /// Sleeps until the next deadline or an input.
  void wait();
  /// Signals and -stop_now: false when the run must end now.
  bool follow_signals();
  void increase_rate(uint64_t now);
  void read_input();
  /// -m, -timeout and quitting with no call left: false when the run ends.
  bool go_on(uint64_t now, const StatsSnapshot &all, const StatsSnapshot &shown);
  /// Whether the end waits for calls counted created but not yet shown
  /// open nor counted ended (at most kSettleMs).
  bool incoming_unsettled(uint64_t now, const StatsSnapshot &all);
  void refresh(uint64_t now, StatsSnapshot &shown);
  /// A frame of the screens for `now`; `period` defaults to the main one.
  ScreenPrinter::Frame frame(const StatsSnapshot &now, bool closing,
                             const StatsSnapshot *period = nullptr) const;
  /// -trace_screen at the end, and SIGUSR2 at any time.
  void dump_screens(const ScreenPrinter::Frame &f);
  void key(char k);
  void command(const std::string &line);

  Run &run_;
  const RunConfig &cfg_;
  const RunSignals &signals_;
  std::FILE *out_;
  Console console_;
  ScreenChoice screens_;
  StatsSnapshot period_start_;
  StatsSnapshot ooc_period_start_;
  uint64_t last_report_ = 0;
  uint64_t reset_wall_ = 0;
  uint64_t last_stat_row_ = 0;
  uint64_t peak_ = 0;
  uint64_t peak_time_ = 0;
  static constexpr uint64_t kSettleMs = 500;
  uint64_t settle_until_ = 0; ///< steady ms; 0 while not waiting
};

} // namespace gossipper::runtime
