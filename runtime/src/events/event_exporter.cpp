//===- event_exporter.cpp - The structured events of a run ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/event_exporter.hpp"

#include "events/jsonl_sink.hpp"
#include "events/otlp_sink.hpp"
#include "time/clock.hpp"

#include <algorithm>
#include <chrono>

namespace gossipper::runtime::events {

EventExporter::EventExporter(EventSettings settings)
    : settings_(std::move(settings)), source_(rings_, settings_.level) {
  batch_.reserve(kMaxBatch);
}

Expected<std::unique_ptr<EventExporter>>
EventExporter::open(const RunConfig &cfg, const EventOrigin &origin, const Environment &env) {
  Expected<EventSettings> settings = resolve_event_settings(cfg.events, origin, env);
  if (!settings) {
    return settings.error();
  }
  if (!settings->on()) {
    return std::unique_ptr<EventExporter>();
  }
  std::unique_ptr<EventExporter> x(new EventExporter(*std::move(settings)));
  const EventSettings &s = x->settings_;
  if (!s.jsonl_file.empty()) {
    Expected<std::unique_ptr<JsonlSink>> file = JsonlSink::open(s.jsonl_file, "jsonl");
    if (!file) {
      return file.error();
    }
    x->sinks_.push_back(*std::move(file));
  }
  if (s.to_stdout) {
    x->sinks_.push_back(*JsonlSink::open("-", "stdout"));
  }
  if (s.otlp) {
    Expected<std::unique_ptr<OtlpSink>> otlp = OtlpSink::open(*s.otlp, s.resource, s.version);
    if (!otlp) {
      return otlp.error();
    }
    x->sinks_.push_back(*std::move(otlp));
  }
  return x;
}

EventExporter::~EventExporter() { stop(); }

void EventExporter::start() {
  thread_ = std::thread([this] { run(); });
}

void EventExporter::stop() {
  if (stopped_) {
    return;
  }
  stopped_ = true;
  stopping_.store(true);
  if (thread_.joinable()) {
    thread_.join();
  }
  drain(); // what came after the thread's last turn (or with no thread)
  flush_batch();
  uint64_t wait = settings_.otlp ? std::min<uint64_t>(settings_.otlp->timeout_ms, 30000) : 0;
  uint64_t deadline = steady_ms() + wait;
  for (auto &sink : sinks_) {
    sink->finish(deadline);
  }
}

void EventExporter::run() {
  while (!stopping_.load(std::memory_order_relaxed)) {
    drain();
    if (!batch_.empty() && steady_ms() - batch_started_ms_ >= kBatchMs) {
      flush_batch();
    }
    // No wake-up from the shards (a push costs them no system call): a
    // short sleep instead, at most a hundred turns a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void EventExporter::drain() {
  rings_.drain([this](const Event &e) {
    if (batch_.empty()) {
      batch_started_ms_ = steady_ms();
    }
    batch_.push_back(e);
    if (batch_.size() >= kMaxBatch) {
      flush_batch();
    }
  });
}

void EventExporter::flush_batch() {
  if (batch_.empty()) {
    return;
  }
  for (auto &sink : sinks_) {
    sink->write(batch_);
  }
  batch_.clear();
}

EventTotals EventExporter::totals() const {
  EventTotals t;
  t.ring_dropped = rings_.dropped();
  t.emitted = rings_.drained() + t.ring_dropped;
  for (const auto &sink : sinks_) {
    t.sinks.push_back(sink->counts());
  }
  return t;
}

} // namespace gossipper::runtime::events
