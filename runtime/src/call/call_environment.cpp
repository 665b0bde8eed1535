//===- call_environment.cpp - What a shard's call parts share -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/call_environment.hpp"

#include "time/clock.hpp"

namespace gossipper::runtime {

CallEnvironment::CallEnvironment(const ScenarioContext &context, uint32_t shard,
                                 Transport &shard_transport, Stats &shard_stats, RunHooks run_hooks)
    : ctx(context), cfg(*context.config), shard_index(shard), scenario(*context.scenario),
      transport(shard_transport), stats(shard_stats), hooks(std::move(run_hooks)),
      rng(0x9e3779b97f4a7c15ULL ^ shard), history(context.call_debug, steady_ms()),
      rtt(context.rtt, context.rtt_origin_us, context.config->stat_delimiter,
          context.config->rtt_freq) {}

void CallEnvironment::warn(const std::string &text) {
  stats[Counter::Warnings].add();
  if (hooks.warning) {
    hooks.warning(text);
  }
}

void CallEnvironment::fatal(const std::string &text) {
  stats[Counter::FatalErrors].add();
  warn(text);
  if (hooks.stop_now) {
    hooks.stop_now();
  }
}

bool CallEnvironment::lost(const ir::State *st) {
  // The element's lost= wins over -lost, as in SIPp.
  double percent = st != nullptr && st->lost ? *st->lost : cfg.global_lost;
  if (st == nullptr || percent <= 0) {
    return false;
  }
  return std::uniform_real_distribution<double>(0.0, 100.0)(rng) < percent;
}

void CallEnvironment::observe(MessageEvent::Direction direction, std::string_view bytes,
                              std::string_view call_id, const Call *call,
                              const boost::asio::ip::udp::endpoint &peer,
                              bool retransmission) const {
  MessageEvent e;
  e.direction = direction;
  e.bytes = bytes;
  e.call_id = call_id;
  e.call = call;
  e.peer = peer;
  e.transport = cfg.transport;
  e.retransmission = retransmission;
  e.wall_us = wall_us();
  e.shard = shard_index;
  ctx.observers->notify(e);
}

void CallEnvironment::tell_call_observer(CallEvent::Kind kind, const Call &call,
                                         std::string_view text, Counter outcome) const {
  CallEvent e;
  e.kind = kind;
  e.call_id = call.id;
  e.call_number = call.number;
  e.outcome = outcome;
  e.index = call.msg_index;
  e.text = text;
  e.wall_us = wall_us();
  ctx.call_observer->on_call_event(e);
}

} // namespace gossipper::runtime
