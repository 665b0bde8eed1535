//===- event_attributes.hpp - An event's named fields ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The one list of what an event says, by name (OpenTelemetry's semantic
// names where there is one), so the JSON lines and the OTLP records carry
// the same fields.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event.hpp"

#include <cstdint>
#include <string_view>

namespace gossipper::runtime::events {

/// Whether a kind is about one SIP message (peer, transport, size).
[[nodiscard]] inline bool is_sip(EventKind k) {
  return k == EventKind::SipSent || k == EventKind::SipReceived ||
         k == EventKind::SipRetransmitted || k == EventKind::SipUnexpected;
}

/// "success", "failed" or "uncounted": how a call ended.
[[nodiscard]] inline std::string_view call_result(Counter outcome) {
  if (outcome == Counter::SuccessfulCall) {
    return "success";
  }
  return outcome == Counter::Uncounted ? "uncounted" : "failed";
}

/// The body: the event's text, else its name.
[[nodiscard]] inline std::string_view event_body(const Event &e) {
  return e.text.view().empty() ? event_name(e.kind) : e.text.view();
}

/// Calls text(key, string_view), number(key, int64_t) and real(key, double)
/// for each field the event has, beyond its time, severity and body.
template <class Text, class Number, class Real>
void for_each_attribute(const Event &e, Text &&text, Number &&number, Real &&real) {
  text("event.name", event_name(e.kind));
  if (!e.call_id.view().empty()) {
    text("sip.call_id", e.call_id.view());
  }
  if (e.call_number != 0) {
    number("gossipper.call.number", e.call_number);
  }
  if (e.index >= 0) {
    number("gossipper.scenario.index", e.index);
  }
  if (e.kind == EventKind::CallEnded) {
    text("gossipper.call.result", call_result(e.outcome));
    if (call_result(e.outcome) == "failed") {
      text("gossipper.call.failure_class", counter_name(e.outcome));
    }
  }
  if (is_sip(e.kind)) {
    text("network.peer.address", e.peer.view());
    text("network.transport", transport_name(e.transport));
    number("sip.message.size", e.size);
  }
  if (e.kind == EventKind::MediaEnded) {
    number("rtp.packets.expected", e.media.packets_expected);
    number("rtp.packets.lost", e.media.packets_lost);
    real("rtp.jitter.max_ms", e.media.max_jitter_ms);
    real("gossipper.media.mos", e.media.mos);
  }
  if (e.text.cut()) {
    text("gossipper.text.cut", "true");
  }
}

} // namespace gossipper::runtime::events
