//===- run_events.cpp - A run's structured events --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The exporter (events/) hooked to the run: its message observer beside the
// message traces, its call observer in every scenario's context, the run's
// warnings as error events, engine.started and engine.stopped around the
// shards, and its counts on the final screen.
//
//===----------------------------------------------------------------------===//
#include "engine/run.hpp"

#include "events/event_exporter.hpp"
#include "gossipper/runtime/exit_code.hpp"

#include <cinttypes>
#include <cstdlib>

namespace gossipper::runtime {

void Run::warn(const std::string &text) {
  traces_.errors().add(text);
  if (events_) {
    events_->emit(events::EventKind::Error, text);
  }
}

Expected<void> Run::open_events() {
  events::EventOrigin origin{GOSSIPPER_VERSION,
                             main_.scenario().mode == ir::Mode::Server ? "uas" : "uac"};
  auto exporter =
      events::EventExporter::open(cfg_, origin, [](const char *name) { return std::getenv(name); });
  if (!exporter) {
    return Error{exporter.error().message, kExitFatal};
  }
  events_ = *std::move(exporter);
  if (!events_) {
    return {};
  }
  traces_.add_observer(&events_->message_observer());
  main_.ctx.call_observer = &events_->call_observer();
  if (ooc_) {
    ooc_->ctx.call_observer = &events_->call_observer();
  }
  return {};
}

void Run::start_events() {
  if (!events_) {
    return;
  }
  events_->start();
  events_->emit(events::EventKind::EngineStarted, "scenario " + cfg_.scenario_name + ", " +
                                                      std::to_string(shards_.size()) +
                                                      " thread(s)");
}

void Run::stop_events(std::FILE *out) {
  if (!events_) {
    return;
  }
  events_->emit(events::EventKind::EngineStopped, "scenario " + cfg_.scenario_name);
  events_->stop();
  // The final screen's last line: what became of them.
  EventTotals t = events_->totals();
  std::string line = "Events: " + std::to_string(t.emitted) + " made";
  for (const EventSinkTotals &s : t.sinks) {
    line += ", " + s.name + " " + std::to_string(s.sent) + " sent";
  }
  line += ", " + std::to_string(t.dropped()) + " dropped\n";
  if (out != nullptr) {
    std::fputs(line.c_str(), out);
    std::fflush(out);
  }
}

} // namespace gossipper::runtime
