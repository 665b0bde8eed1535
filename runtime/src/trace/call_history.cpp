//===- call_history.cpp - -trace_calldebug's call histories ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/call_history.hpp"

#include "call/call.hpp"

namespace gossipper::runtime {

void CallHistory::add(gsp_call *call, const std::string &text) const {
  // Bounded: a call looping for hours must not eat the memory.
  constexpr size_t kMaxHistory = 256UL * 1024;
  std::string &debug = call->extras().debug;
  if (debug.size() >= kMaxHistory) {
    return;
  }
  debug += TraceLog::timestamp() + " " + text;
  if (debug.size() >= kMaxHistory) {
    debug += "\n[history cut at 256 KiB]\n";
  }
}

void CallHistory::write(const gsp_call &call) const {
  log_->write("-------------------------------------------------------------------------------\n"
              "Call debugging information for call " +
              call.id + ":\n" + call.peek().debug);
}

} // namespace gossipper::runtime
