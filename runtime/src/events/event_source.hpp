//===- event_source.hpp - Seam events made into records --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The exporter's ears: a message observer (trace/message_observer.hpp) and
// the call observer (trace/call_observer.hpp). On the shard's thread it
// drops what is below -log_level before making anything, fills a record in
// place and pushes it on the thread's ring. Never blocks, never allocates
// after the thread's first event.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event_ring.hpp"
#include "trace/call_observer.hpp"
#include "trace/message_observer.hpp"

#include <string_view>

namespace gossipper::runtime::events {

class EventSource final : public MessageObserver, public CallObserver {
public:
  EventSource(EventRings &rings, Severity level) : rings_(rings), level_(level) {}

  [[nodiscard]] bool enabled() const override { return level_ <= Severity::Warn; }
  void on_message(const MessageEvent &m) override;
  void on_call_event(const CallEvent &c) override;
  /// engine.*, error: from any thread.
  void emit(EventKind kind, std::string_view text);

private:
  /// Starts a record of `kind` at `severity`; false when -log_level leaves
  /// it out (then nothing more is made).
  [[nodiscard]] bool begin(Event &e, EventKind kind, Severity severity) const {
    if (severity < level_) {
      return false;
    }
    e.kind = kind;
    e.severity = severity;
    return true;
  }

  EventRings &rings_;
  Severity level_;
};

} // namespace gossipper::runtime::events
