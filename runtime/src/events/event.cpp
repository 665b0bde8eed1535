//===- event.cpp - One structured event -----------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/event.hpp"

namespace gossipper::runtime::events {

std::string_view event_name(EventKind kind) {
  switch (kind) {
  case EventKind::EngineStarted: return "engine.started";
  case EventKind::EngineStopped: return "engine.stopped";
  case EventKind::CallStarted: return "call.started";
  case EventKind::CallEnded: return "call.ended";
  case EventKind::SipSent: return "sip.sent";
  case EventKind::SipReceived: return "sip.received";
  case EventKind::SipUnexpected: return "sip.unexpected";
  case EventKind::SipRetransmitted: return "sip.retransmitted";
  case EventKind::Timeout: return "timeout";
  case EventKind::Auth: return "auth";
  case EventKind::ActionLog: return "action.log";
  case EventKind::Error: return "error";
  case EventKind::MediaStarted: return "media.started";
  case EventKind::MediaEnded: return "media.ended";
  }
  return "error";
}

std::string_view severity_text(Severity s) {
  switch (s) {
  case Severity::Debug: return "DEBUG";
  case Severity::Info: return "INFO";
  case Severity::Warn: return "WARN";
  case Severity::Error: return "ERROR";
  }
  return "INFO";
}

Severity severity_of(EventKind kind) {
  switch (kind) {
  case EventKind::SipSent:
  case EventKind::SipReceived: return Severity::Debug;
  case EventKind::SipUnexpected:
  case EventKind::SipRetransmitted:
  case EventKind::Timeout: return Severity::Warn;
  case EventKind::Error: return Severity::Error;
  default: return Severity::Info;
  }
}

} // namespace gossipper::runtime::events
