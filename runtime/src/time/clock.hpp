//===- clock.hpp - The run's two clocks ------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every duration of a run — a call's start and length, pauses, timers,
// retransmissions, response times, the tick — is measured on the steady
// clock, in one unit per use (ms for timers, µs for response times). Dates
// written to files and screens come from the wall clock, as SIPp prints them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <chrono>
#include <cstdint>
#include <sys/time.h>

namespace gossipper::runtime {

/// Milliseconds of the steady clock.
[[nodiscard]] inline uint64_t steady_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

/// Microseconds of the steady clock.
[[nodiscard]] inline uint64_t steady_us() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

/// Microseconds since the epoch, of the wall clock.
[[nodiscard]] inline uint64_t wall_us() {
  timeval tv{};
  gettimeofday(&tv, nullptr);
  return static_cast<uint64_t>(tv.tv_sec) * 1000000ULL + static_cast<uint64_t>(tv.tv_usec);
}

} // namespace gossipper::runtime
