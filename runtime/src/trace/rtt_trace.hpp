//===- rtt_trace.hpp - -trace_rtt's response times -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every response time measured, as SIPp's _rtt.csv lines (when, in ms since
// the start; how long, in ms; the measure's name), kept by each shard until
// -rtt_freq of them have come, then written together, as SIPp does.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class RttTrace {
public:
  /// `log` null: not traced. `origin_us`: the steady-clock start of dates.
  RttTrace(TraceLog *log, uint64_t origin_us, std::string delimiter, uint32_t frequency)
      : log_(log), origin_us_(origin_us), delimiter_(std::move(delimiter)),
        frequency_(frequency == 0 ? 1 : frequency) {}
  ~RttTrace() { flush(); } // the samples short of -rtt_freq: the file ends complete
  RttTrace(const RttTrace &) = delete;
  RttTrace &operator=(const RttTrace &) = delete;

  [[nodiscard]] bool on() const { return log_ != nullptr; }
  /// A measure `name` stopped at `stop_us` (steady clock) after `took_us`.
  void record(std::string_view name, uint64_t stop_us, uint64_t took_us);
  void flush();

private:
  TraceLog *log_;
  uint64_t origin_us_;
  std::string delimiter_;
  uint32_t frequency_;
  std::string pending_;
  uint32_t samples_ = 0;
};

} // namespace gossipper::runtime
