//===- rate_controller.cpp - SIPp's rules for the call rate ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/rate_controller.hpp"

#include <algorithm>

namespace gossipper::runtime {

uint64_t RateController::default_call_limit(double rate) const {
  double d =
      static_cast<double>(std::max<uint64_t>({scenario_duration_ms_, cfg_.default_pause_ms, 1000}));
  auto limit = static_cast<uint64_t>(3.0 * rate * d / cfg_.rate_period_ms);
  return limit == 0 ? 1 : limit;
}

RateController::Step RateController::step(double rate, uint64_t now_ms) {
  last_step_ms_ = now_ms;
  Step s{rate + cfg_.rate_increase, false};
  if (cfg_.rate_max != 0 && s.rate > cfg_.rate_max) {
    s.rate = cfg_.rate_max;
    s.quit = !cfg_.no_rate_quit;
  }
  return s;
}

} // namespace gossipper::runtime
