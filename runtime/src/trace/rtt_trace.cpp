//===- rtt_trace.cpp - -trace_rtt's response times ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/rtt_trace.hpp"

#include <algorithm>
#include <cstdio>

namespace gossipper::runtime {

void RttTrace::record(std::string_view name, uint64_t stop_us, uint64_t took_us) {
  char when[64];
  char took[64];
  std::snprintf(when, sizeof when, "%g",
                static_cast<double>(stop_us - std::min(stop_us, origin_us_)) / 1000.0);
  std::snprintf(took, sizeof took, "%g", static_cast<double>(took_us) / 1000.0);
  pending_ += std::string(when) + delimiter_ + took + delimiter_;
  pending_ += name;
  pending_ += '\n';
  if (++samples_ >= frequency_) {
    flush();
  }
}

void RttTrace::flush() {
  if (!pending_.empty() && log_ != nullptr) {
    log_->write(pending_);
  }
  pending_.clear();
  samples_ = 0;
}

} // namespace gossipper::runtime
