//===- event.hpp - One structured event ------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a shard hands the exporter thread: a record of fixed size, its texts
// inline (cut when too long, and said so), so that making one never
// allocates on a shard's thread and a ring of them is one block of memory.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "gossipper/runtime/stats_snapshot.hpp"
#include "trace/call_observer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace gossipper::runtime::events {

enum class EventKind : uint8_t {
  EngineStarted,
  EngineStopped,
  CallStarted,
  CallEnded,
  SipSent,
  SipReceived,
  SipUnexpected,
  SipRetransmitted,
  Timeout,
  Auth,
  ActionLog,
  Error,
  MediaStarted,
  MediaEnded,
};

/// OTLP's severity numbers (logs data model): DEBUG, INFO, WARN, ERROR.
enum class Severity : uint8_t { Debug = 5, Info = 9, Warn = 13, Error = 17 };

[[nodiscard]] std::string_view event_name(EventKind kind);
[[nodiscard]] std::string_view severity_text(Severity s);
/// The severity each kind is emitted at (sip.sent and sip.received are
/// debug: one per message is the bulk of them).
[[nodiscard]] Severity severity_of(EventKind kind);

/// Text kept inline, cut at N bytes.
template <size_t N> class InlineText {
public:
  void set(std::string_view s) {
    size_ = static_cast<uint16_t>(std::min(s.size(), N));
    cut_ = s.size() > N;
    std::memcpy(bytes_.data(), s.data(), size_);
  }
  [[nodiscard]] std::string_view view() const { return {bytes_.data(), size_}; }
  [[nodiscard]] bool cut() const { return cut_; }

private:
  // Left unset: only the first size_ bytes are read, and zeroing them all
  // would cost every record made (and every one -log_level leaves out).
  std::array<char, N> bytes_; // NOLINT(cppcoreguidelines-pro-type-member-init)
  uint16_t size_ = 0;
  bool cut_ = false;
};

struct Event {
  EventKind kind = EventKind::Error;
  Severity severity = Severity::Info;
  TransportMode transport = TransportMode::UdpOne;
  /// CallEnded: SuccessfulCall, or the counter of its failure.
  Counter outcome = Counter::SuccessfulCall;
  uint32_t call_number = 0;
  int32_t index = -1;   ///< the scenario element, -1 when none
  uint32_t size = 0;    ///< a SIP message's bytes
  uint64_t wall_us = 0; ///< µs since the epoch
  /// MediaEnded: what the stream received.
  MediaQos media;
  InlineText<47> peer; ///< "ip:port" of a SIP message's other side
  InlineText<128> call_id;
  /// A SIP message's first line, a <log>'s message, an error's text.
  InlineText<400> text;
};

} // namespace gossipper::runtime::events
