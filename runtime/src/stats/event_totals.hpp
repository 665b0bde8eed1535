//===- event_totals.hpp - What became of the structured events -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The exporter's counts (events/event_exporter.hpp) as the summary and the
// final screen show them: events made, dropped because a shard's ring was
// full, and per sink what was sent, dropped and how often it failed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gossipper::runtime {

struct EventSinkTotals {
  std::string name;      ///< "jsonl", "stdout", "otlp"
  uint64_t sent = 0;     ///< events it wrote or the collector took
  uint64_t dropped = 0;  ///< events it could not deliver
  uint64_t failures = 0; ///< failed writes or export tries
};

struct EventTotals {
  uint64_t emitted = 0;      ///< made by the run (ring drops included)
  uint64_t ring_dropped = 0; ///< a full ring refused them
  std::vector<EventSinkTotals> sinks;

  /// Dropped anywhere: at a ring, or by any sink.
  [[nodiscard]] uint64_t dropped() const {
    uint64_t n = ring_dropped;
    for (const EventSinkTotals &s : sinks) {
      n += s.dropped;
    }
    return n;
  }
};

} // namespace gossipper::runtime
