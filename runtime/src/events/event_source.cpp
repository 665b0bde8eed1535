//===- event_source.cpp - Seam events made into records -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/event_source.hpp"

#include "time/clock.hpp"

#include <arpa/inet.h>
#include <cstdio>

namespace gossipper::runtime::events {

namespace {

EventKind kind_of(CallEvent::Kind k) {
  switch (k) {
  case CallEvent::Kind::Started: return EventKind::CallStarted;
  case CallEvent::Kind::Ended: return EventKind::CallEnded;
  case CallEvent::Kind::Timeout: return EventKind::Timeout;
  case CallEvent::Kind::Unexpected: return EventKind::SipUnexpected;
  case CallEvent::Kind::Auth: return EventKind::Auth;
  case CallEvent::Kind::Log: return EventKind::ActionLog;
  case CallEvent::Kind::MediaStarted: return EventKind::MediaStarted;
  case CallEvent::Kind::MediaEnded: return EventKind::MediaEnded;
  }
  return EventKind::Error;
}

} // namespace

void EventSource::on_message(const MessageEvent &m) {
  EventKind kind = m.retransmission                               ? EventKind::SipRetransmitted
                   : m.direction == MessageEvent::Direction::Sent ? EventKind::SipSent
                                                                  : EventKind::SipReceived;
  Event e;
  if (!begin(e, kind, severity_of(kind))) {
    return;
  }
  e.transport = m.transport;
  e.size = static_cast<uint32_t>(m.bytes.size());
  e.wall_us = m.wall_us;
  e.call_id.set(m.call_id);
  e.text.set(m.bytes.substr(0, m.bytes.find_first_of("\r\n")));
  // inet_ntop into the stack: address::to_string would allocate.
  char ip[INET6_ADDRSTRLEN] = "";
  const auto &a = m.peer.address();
  if (a.is_v6()) {
    auto bytes = a.to_v6().to_bytes();
    ::inet_ntop(AF_INET6, bytes.data(), ip, sizeof ip);
  } else {
    auto bytes = a.to_v4().to_bytes();
    ::inet_ntop(AF_INET, bytes.data(), ip, sizeof ip);
  }
  char peer[INET6_ADDRSTRLEN + 16];
  std::snprintf(peer, sizeof peer, a.is_v6() ? "[%s]:%u" : "%s:%u", ip,
                static_cast<unsigned>(m.peer.port()));
  e.peer.set(peer);
  rings_.push(e);
}

void EventSource::on_call_event(const CallEvent &c) {
  EventKind kind = kind_of(c.kind);
  Severity severity = severity_of(kind);
  if (kind == EventKind::CallEnded && c.outcome != Counter::SuccessfulCall &&
      c.outcome != Counter::Uncounted) {
    severity = Severity::Warn; // a failed call
  }
  Event e;
  if (!begin(e, kind, severity)) {
    return;
  }
  e.outcome = c.outcome;
  e.call_number = c.call_number;
  bool has_index = kind != EventKind::CallStarted && kind != EventKind::ActionLog &&
                   kind != EventKind::MediaStarted && kind != EventKind::MediaEnded;
  e.index = has_index ? c.index : -1;
  e.wall_us = c.wall_us;
  e.call_id.set(c.call_id);
  e.text.set(c.text);
  if (c.media != nullptr) {
    e.media = *c.media;
  }
  rings_.push(e);
}

void EventSource::emit(EventKind kind, std::string_view text) {
  Event e;
  if (!begin(e, kind, severity_of(kind))) {
    return;
  }
  e.wall_us = wall_us();
  e.text.set(text);
  rings_.push(e);
}

} // namespace gossipper::runtime::events
