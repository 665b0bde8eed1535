//===- call_environment.hpp - What a shard's call parts share --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A shard's call engine is made of parts — the renderer, the actions, the
// matcher, the sender, the default behaviours — that all read the scenario's
// context and write this shard's statistics. This is what they share; the
// CallEngine owns it, its parts hold a reference.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"
#include "call/media_service.hpp"
#include "call/scenario_context.hpp"
#include "stats/stats.hpp"
#include "trace/call_history.hpp"
#include "trace/message_observer.hpp"
#include "trace/rtt_trace.hpp"
#include "transport/transport.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace gossipper::runtime {

struct CallEnvironment {
  CallEnvironment(const ScenarioContext &ctx, uint32_t shard, Transport &transport, Stats &stats,
                  RunHooks hooks);

  const ScenarioContext &ctx;
  const RunConfig &cfg;
  uint32_t shard_index;
  const ir::Scenario &scenario;
  Transport &transport;
  Stats &stats;
  RunHooks hooks;
  /// This shard's clock (steady ms), set once per loop turn.
  uint64_t now_ms = 0;
  std::mt19937_64 rng;
  /// The out-of-call scenario's engine: every unknown Call-ID makes a call.
  bool automatic = false;
  CallHistory history;
  RttTrace rtt;
  /// The shard's media, when the scenario has media actions; else null.
  MediaService *media = nullptr;

  [[nodiscard]] const ir::State &state(int index) const {
    return scenario.states[static_cast<size_t>(index)];
  }
  [[nodiscard]] size_t state_count() const { return scenario.states.size(); }
  [[nodiscard]] bool valid_index(int index) const {
    return index >= 0 && static_cast<size_t>(index) < state_count();
  }
  /// A line of the call's -trace_calldebug history (callers check
  /// history.on() before making the text).
  void note(Call *call, const std::string &text) const { history.add(call->extras().debug, text); }
  /// A warning: counted, and to the error log.
  void warn(const std::string &text);
  /// An error SIPp treats as fatal: counted, logged, and the run stops.
  void fatal(const std::string &text);
  /// -lost and lost=: whether this message of element `st` is lost.
  bool lost(const ir::State *st);
  /// Tells the run's observers about a message, when one is listening.
  void observe(MessageEvent::Direction direction, std::string_view bytes, std::string_view call_id,
               const Call *call, const boost::asio::ip::udp::endpoint &peer,
               bool retransmission) const;
  void tell_call_observer(CallEvent::Kind kind, const Call &call, std::string_view text,
                          Counter outcome) const;
  /// Tells the run's call observer (structured events), when there is one.
  void call_event(CallEvent::Kind kind, const Call &call, std::string_view text = {},
                  Counter outcome = Counter::SuccessfulCall) const {
    if (ctx.call_observer != nullptr) {
      tell_call_observer(kind, call, text, outcome);
    }
  }
  [[nodiscard]] bool observed() const {
    return ctx.observers != nullptr && ctx.observers->active();
  }
};

} // namespace gossipper::runtime
