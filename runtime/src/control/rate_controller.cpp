//===- rate_controller.cpp - SIPp's rules for the call rate ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/rate_controller.hpp"

#include <algorithm>

namespace gossipper::runtime {

uint64_t pause_total_ms(const ir::Scenario &s, uint64_t default_pause_ms) {
  uint64_t total = 0;
  for (const ir::State &st : s.states) {
    if (const auto *p = std::get_if<ir::PauseState>(&st.body)) {
      if (p->distribution.kind == ir::Distribution::Kind::Fixed) {
        total += static_cast<uint64_t>(p->distribution.params[0]);
      } else if (p->distribution.kind == ir::Distribution::Kind::Default) {
        total += default_pause_ms;
      }
    }
  }
  return total;
}

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
