//===- rate_controller.hpp - SIPp's rules for the call rate ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The open-call limit a rate implies when -l is not given, and the steps of
// -rate_increase every -rate_interval up to -rate_max, past which the run
// quits unless -no_rate_quit (docs/sipp-behaviour.md, "Call generation and
// the rate"). Pure arithmetic: the run applies what it says.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_config.hpp"

#include <cstdint>

namespace gossipper::runtime {

/// The sum of the scenario's fixed and default pauses: SIPp's "scenario
/// duration" for its default -l.
[[nodiscard]] uint64_t pause_total_ms(const ir::Scenario &s, uint64_t default_pause_ms);

class RateController {
public:
  /// `scenario_duration_ms`: the sum of the scenario's pauses.
  RateController(const RunConfig &cfg, uint64_t scenario_duration_ms)
      : cfg_(cfg), scenario_duration_ms_(scenario_duration_ms) {}

  /// SIPp's default -l: 3 × rate × max(scenario duration, -d, 1 s) / -rp,
  /// at least 1.
  [[nodiscard]] uint64_t default_call_limit(double rate) const;

  /// Whether this run steps its rate up at all (-rate_increase, a client).
  [[nodiscard]] bool increases() const { return cfg_.rate_increase != 0 && !cfg_.server_mode; }
  /// When the next step is due (steady ms), counted from the last one.
  [[nodiscard]] uint64_t next_step_ms() const {
    return last_step_ms_ + static_cast<uint64_t>(cfg_.rate_interval_s * 1000);
  }
  /// The run started (or stepped) at `now_ms`.
  void restart(uint64_t now_ms) { last_step_ms_ = now_ms; }

  struct Step {
    double rate = 0;
    bool quit = false; ///< -rate_max passed: the run quits (as q)
  };
  /// The step due at `now_ms` from `rate`; taken, it counts as the last.
  [[nodiscard]] Step step(double rate, uint64_t now_ms);

private:
  const RunConfig &cfg_;
  uint64_t scenario_duration_ms_;
  uint64_t last_step_ms_ = 0;
};

} // namespace gossipper::runtime
