//===- event_exporter.hpp - The structured events of a run -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -log_file_jsonl, -log_stdout, -log_otel_endpoint (docs/observability.md):
// the shards push records on their rings (event_source); one thread of the
// exporter's own drains every ring, cuts batches (at most kMaxBatch events,
// or what came in kBatchMs) and hands each to every sink. Nothing here
// runs on a shard's thread but the push.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event_ring.hpp"
#include "events/event_sink.hpp"
#include "events/event_source.hpp"
#include "events/otel_settings.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "stats/event_totals.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace gossipper::runtime::events {

class EventExporter {
public:
  static constexpr size_t kMaxBatch = 512;
  static constexpr uint64_t kBatchMs = 100;
  /// Events a ring holds (per shard): about 5 MiB each.
  static constexpr uint32_t kRingCapacity = 8192;

  /// Reads the settings (options over environment) and opens the sinks;
  /// null when no event goes anywhere.
  static Expected<std::unique_ptr<EventExporter>>
  open(const RunConfig &cfg, const EventOrigin &origin, const Environment &env);
  ~EventExporter();
  EventExporter(const EventExporter &) = delete;
  EventExporter &operator=(const EventExporter &) = delete;

  [[nodiscard]] MessageObserver &message_observer() { return source_; }
  [[nodiscard]] CallObserver &call_observer() { return source_; }
  /// engine.started, engine.stopped, error: from any thread.
  void emit(EventKind kind, std::string_view text) { source_.emit(kind, text); }

  void start();
  /// Drains the rings a last time, then lets the sinks finish (a collector
  /// gets at most the export timeout more).
  void stop();
  [[nodiscard]] EventTotals totals() const;

private:
  explicit EventExporter(EventSettings settings);
  void run();
  void drain();
  void flush_batch();

  EventSettings settings_;
  EventRings rings_{kRingCapacity};
  EventSource source_;
  std::vector<std::unique_ptr<EventSink>> sinks_;
  std::vector<Event> batch_;
  uint64_t batch_started_ms_ = 0;
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;
  std::thread thread_;
};

} // namespace gossipper::runtime::events
