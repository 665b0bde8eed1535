//===- call_history.cpp - -trace_calldebug's call histories ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/call_history.hpp"
#include "time/wall_date.hpp"

namespace gossipper::runtime {

void CallHistory::add(std::string &debug, const std::string &text) const {
  // Bounded: a call looping for hours must not eat the memory.
  constexpr size_t kMaxHistory = 256UL * 1024;
  if (debug.size() >= kMaxHistory) {
    return;
  }
  debug += sipp_timestamp() + " " + text;
  if (debug.size() >= kMaxHistory) {
    debug += "\n[history cut at 256 KiB]\n";
  }
}

void CallHistory::write(const std::string &call_id, const std::string &history) const {
  log_->write("-------------------------------------------------------------------------------\n"
              "Call debugging information for call " +
              call_id + ":\n" + history);
}

} // namespace gossipper::runtime
