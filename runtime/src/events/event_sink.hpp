//===- event_sink.hpp - Where a batch of events goes -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A sink is written by the exporter's thread only, a batch at a time; its
// counts are read by any thread (the summary, the screen).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event.hpp"
#include "stats/event_totals.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace gossipper::runtime::events {

using SinkCounts = EventSinkTotals;

class EventSink {
public:
  virtual ~EventSink() = default;
  virtual void write(std::span<const Event> batch) = 0;
  /// Nothing more comes: writes what is pending, waiting at most until
  /// `deadline_ms` (steady clock) for a network peer.
  virtual void finish(uint64_t deadline_ms) = 0;
  [[nodiscard]] virtual SinkCounts counts() const = 0;
};

} // namespace gossipper::runtime::events
