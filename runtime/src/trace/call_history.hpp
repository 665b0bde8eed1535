//===- call_history.hpp - -trace_calldebug's call histories ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's callDebug: with -trace_calldebug every call keeps a history of what
// it did (elements processed, messages sent and received with SIPp's hash,
// pauses, the abort), written to _calldebug.log when the call is aborted.
// Without the option nothing is kept and every method returns at once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>

namespace gossipper::runtime {

class CallHistory {
public:
  /// `log`: the _calldebug.log file, null when not traced. `origin_ms`: the
  /// steady-clock time SIPp's clock_tick counts from (the engine's start).
  CallHistory(TraceLog *log, uint64_t origin_ms) : log_(log), origin_ms_(origin_ms) {}

  [[nodiscard]] bool on() const { return log_ != nullptr; }
  /// A line of a call's history (`history`, which the call keeps), dated;
  /// at most 256 KiB per call.
  void add(std::string &history, const std::string &text) const;
  /// An aborted call's whole history, to the file.
  void write(const std::string &call_id, const std::string &history) const;
  /// A steady-clock time as SIPp prints it: ms since the engine started.
  [[nodiscard]] uint64_t since_origin(uint64_t ms) const {
    return ms > origin_ms_ ? ms - origin_ms_ : 0;
  }

private:
  TraceLog *log_;
  uint64_t origin_ms_;
};

} // namespace gossipper::runtime
