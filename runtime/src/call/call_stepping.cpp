//===- call_stepping.cpp - SIPp's call state machine: elements ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call runs its elements back to back until one makes it wait (SIPp runs
// one per loop turn; only timing differs: docs/sipp-behaviour.md, "Running a
// call's elements"), then sleeps on the timer wheel until its next deadline.
//
//===----------------------------------------------------------------------===//
#include "call/call_engine.hpp"

#include "call/distribution.hpp"
#include "call/retransmission.hpp"
#include "sip/header_lookup.hpp"
#include "sip/retransmission_hash.hpp"
#include "time/clock.hpp"

#include <algorithm>
#include <utility>

namespace gossipper::runtime {
namespace {

/// The branch parameter of the first Via.
std::string top_via_branch(std::string_view raw) {
  std::string via = sipp_get_header(raw, "Via:", true);
  size_t comma = via.find(',');
  std::string_view first = std::string_view(via).substr(0, comma);
  return std::string(header_param(first, "branch"));
}

uint64_t pause_duration(CallEnvironment &env, Call *call, const ir::PauseState &p) {
  double v = p.variable != ir::kNoVar ? call->vars[p.variable].as_double()
                                      : sample(p.distribution, env.rng, env.cfg.default_pause_ms);
  if (v < 1) {
    return 0;
  }
  return static_cast<uint64_t>(std::min(v, 2147483647.0));
}

} // namespace

void CallEngine::run(Call *call) {
  sent_this_run_ = false;
  for (bool first = true; step(call, first); first = false) {
  }
  if (!call->destroyed) {
    schedule(call);
  }
}

void CallEngine::schedule(Call *call) {
  uint64_t wake = 0;
  for (uint64_t t : {call->paused_until, call->next_retrans, call->recv_timeout}) {
    if (t != 0 && (wake == 0 || t < wake)) {
      wake = t;
    }
  }
  if (wake == 0) {
    wheel_.cancel(call->timer);
  } else {
    wheel_.schedule(call->timer, wake);
  }
}

void CallEngine::note_processing(Call *call) {
  // SIPp's M_type of each kind of state, in StateBody's order.
  static constexpr int kSippType[] = {2, 3, 4, 5, 0, 1};
  static_assert(std::is_same_v<std::variant_alternative_t<0, ir::StateBody>, ir::SendState> &&
                std::is_same_v<std::variant_alternative_t<5, ir::StateBody>, ir::RecvCmdState> &&
                std::variant_size_v<ir::StateBody> == 6);
  env_.note(call, "Processing message " + std::to_string(call->msg_index) + " of type " +
                      std::to_string(kSippType[env_.state(call->msg_index).body.index()]) +
                      " for call " + call->id + " at " +
                      std::to_string(env_.history.since_origin(env_.now_ms)) + ".\n");
}

void CallEngine::note_deferred_processing() {
  // Those of an earlier tick: the messages read since had their chance.
  auto later =
      std::stable_partition(deferred_notes_.begin(), deferred_notes_.end(),
                            [this](const DeferredNote &d) { return d.at_ms >= env_.now_ms; });
  for (auto it = later; it != deferred_notes_.end(); ++it) {
    Call *call = calls_.find(it->call_id);
    if (call != nullptr && call->msg_index == it->index) {
      note_processing(call);
    }
  }
  deferred_notes_.erase(later, deferred_notes_.end());
}

bool CallEngine::step(Call *call, bool first) {
  if (!env_.valid_index(call->msg_index)) {
    complete(call, EndReason::Success);
    return false;
  }
  const ir::State &st = env_.state(call->msg_index);
  if (env_.history.on()) {
    if (!first && (std::holds_alternative<ir::RecvState>(st.body) ||
                   std::holds_alternative<ir::RecvCmdState>(st.body))) {
      // SIPp reaches a receive on its next loop turn, after reading what
      // came in meanwhile: the line is written then, if the call still waits.
      deferred_notes_.push_back(DeferredNote{call->id, call->msg_index, env_.now_ms});
    } else {
      note_processing(call);
    }
  }
  if (skipped(st, *call)) {
    if (env_.history.on()) {
      env_.note(call, "Conditional variable " + env_.scenario.variables[st.condexec].name +
                          (st.condexec_inverse ? " " : " not") + " set, so skipping message " +
                          std::to_string(call->msg_index) + ".\n");
    }
    return advance(call);
  }
  if (call->next_retrans != 0 && call->next_retrans <= env_.now_ms) {
    if (!retransmit(call)) {
      return false;
    }
    if (!env_.valid_index(call->msg_index)) {
      return true; // an ontimeout label past the end: handled above next turn
    }
  }
  if (call->paused_until != 0) {
    if (call->paused_until > env_.now_ms) {
      return false;
    }
    call->paused_until = 0;
    if (!std::exchange(call->turn_wait, false)) {
      return advance(call);
    }
  }
  int index = call->msg_index;
  const ir::State &cur = env_.state(index);
  if (std::holds_alternative<ir::SendState>(cur.body)) {
    return execute_send(call, index);
  }
  if (std::holds_alternative<ir::RecvState>(cur.body)) {
    return execute_recv(call, index);
  }
  if (std::holds_alternative<ir::PauseState>(cur.body)) {
    return execute_pause(call, index);
  }
  if (std::holds_alternative<ir::NopState>(cur.body)) {
    return execute_nop(call, index);
  }
  if (std::holds_alternative<ir::SendCmdState>(cur.body)) {
    return execute_send_command(call, index);
  }
  // <recvCmd>: waits for the twin's command (on_command), within
  // -recv_timeout as SIPp.
  return wait_receive(call, index, 0);
}

bool CallEngine::skipped(const ir::State &st, Call &call) {
  return st.condexec != ir::kNoVar && call.vars[st.condexec].is_set() == st.condexec_inverse;
}

std::optional<int32_t> CallEngine::jump_target(const ir::State &st, Call &call) {
  if (!st.next.present() || st.next.index < 0 ||
      (st.test != ir::kNoVar && !call.vars[st.test].is_set())) {
    return std::nullopt;
  }
  if (st.chance && std::uniform_real_distribution<double>(0.0, 1.0)(env_.rng) >= *st.chance) {
    return std::nullopt;
  }
  return st.next.index;
}

bool CallEngine::advance(Call *call) {
  int next = call->msg_index + 1;
  if (env_.valid_index(call->msg_index)) {
    next = jump_target(env_.state(call->msg_index), *call).value_or(next);
  }
  call->msg_index = next;
  call->recv_timeout = 0;
  if (static_cast<size_t>(next) >= env_.state_count()) {
    complete(call, EndReason::Success);
    return false;
  }
  return true;
}

void CallEngine::bookkeeping(Call *call, const ir::State &st) {
  Stats &stats = env_.stats;
  if (st.counter >= 0 && static_cast<size_t>(st.counter) < stats.user_counter_count) {
    stats.user_counters[static_cast<size_t>(st.counter)].add();
  }
  uint64_t us = 0;
  if (st.start_rtd != 0) {
    us = steady_us();
    call->words.rtd_start(st.start_rtd - 1) = us;
  }
  if (st.stop_rtd != 0) {
    size_t k = st.stop_rtd - 1;
    uint64_t &start = call->words.rtd_start(k);
    if (start != CallWords::kRtdStopped) {
      if (us == 0) {
        us = steady_us();
      }
      uint64_t took = us >= start ? us - start : 0;
      stats.rtd[k].record(took, env_.scenario.response_time_repartition.bounds_ms);
      if (env_.rtt.on()) {
        env_.rtt.record(env_.scenario.rtds[k].name, us, took);
      }
      if (!st.repeat_rtd) {
        start = CallWords::kRtdStopped;
      }
    }
  }
}

bool CallEngine::execute_pause(Call *call, int index) {
  const ir::State &st = env_.state(index);
  const auto &p = std::get<ir::PauseState>(st.body);
  uint64_t duration = pause_duration(env_, call, p);
  call->paused_until = env_.now_ms + duration;
  call->turn_wait = false;
  if (call->paused_until == 0) {
    call->paused_until = 1;
  }
  call->timewait = p.timewait;
  env_.stats.per_state[static_cast<size_t>(index)].sessions.add();
  bookkeeping(call, st);
  actions_.run_state(call, static_cast<uint32_t>(index));
  if (env_.history.on()) {
    env_.note(call, "Pausing call until " +
                        std::to_string(env_.history.since_origin(call->paused_until)) +
                        " (is now " + std::to_string(env_.history.since_origin(env_.now_ms)) +
                        ").\n");
  }
  if (duration == 0) {
    call->paused_until = 0;
    return advance(call);
  }
  return false;
}

bool CallEngine::execute_nop(Call *call, int index) {
  if (env_.history.on()) {
    env_.note(call, "Executing NOP at index " + std::to_string(index) + ".\n");
  }
  bookkeeping(call, env_.state(index));
  actions_.run_state(call, static_cast<uint32_t>(index));
  return advance(call);
}

bool CallEngine::execute_send(Call *call, int index) {
  // docs/sipp-behaviour.md, "Sending a message".
  if (call->next_retrans != 0) {
    return false; // wait for the previous message to be acknowledged
  }
  if (sent_this_run_) {
    wait_turn(call);
    return false;
  }
  const ir::State &st = env_.state(index);
  const auto &send = std::get<ir::SendState>(st.body);
  bookkeeping(call, st);
  if (!send.is_response && send.method != "ACK" && send.method != "CANCEL") {
    ++call->cseq;
  }
  if (!send_state(call, index, false)) {
    return false;
  }
  call->last_send_index = index;
  call->last_send_invite = buf_.data.starts_with("INVITE");
  std::string_view sent = buf_.data.view(); // until the next render
  if (env_.media != nullptr) {
    env_.media->on_sent(*call, sent);
  }
  if (send.start_txn != 0) {
    call->txn_branch[send.start_txn - 1] = top_via_branch(sent);
  }
  if (call->last_recv_index >= 0) {
    call->recv_retrans_hash = call->last_recv_hash;
    call->recv_retrans_recv_index = call->last_recv_index;
    call->recv_retrans_send_index = index;
    call->last_recv_hash = 0;
    if (env_.history.on()) {
      env_.note(call, "Set Retransmission Hash: " +
                          std::to_string(sipp_retransmission_hash(call->last_recv_msg,
                                                                  env_.cfg.rtcheck_loose)) +
                          " (recv index " + std::to_string(call->recv_retrans_recv_index) +
                          ", send index " + std::to_string(index) + ")\n");
    }
  }
  // docs/sipp-behaviour.md, "The last sent message": kept only while our
  // timer may send it again.
  if (send.retrans_ms > 0 && retransmits(env_.cfg)) {
    call->next_retrans = env_.now_ms + send.retrans_ms;
    call->nb_retrans = 0;
    call->nb_last_delay = send.retrans_ms;
    renderer_.remember_sent(call, sent);
  } else {
    call->next_retrans = 0;
    renderer_.forget_sent(call);
  }
  actions_.run_state(call, static_cast<uint32_t>(index), sent);
  if (call->destroyed) {
    return false;
  }
  env_.stats.per_state[static_cast<size_t>(index)].sent.add();
  sent_this_run_ = true;
  return advance(call);
}

void CallEngine::wait_turn(Call *call) {
  // docs/sipp-behaviour.md, "Running a call's elements": a send after a send.
  call->paused_until = env_.now_ms + kTurnMs;
  call->turn_wait = true;
}

bool CallEngine::execute_recv(Call *call, int index) {
  if (call->peek().has_queued) {
    std::string raw = std::move(call->extras().queued_msg);
    call->extras().has_queued = false;
    SipMessage msg;
    if (parse_sip_message(raw, msg) == SipParseError::None) {
      process_incoming(call, raw, msg);
    }
    return !call->destroyed && call->msg_index != index;
  }
  const auto &recv = std::get<ir::RecvState>(env_.state(index).body);
  return wait_receive(call, index, recv.timeout_ms);
}

bool CallEngine::wait_receive(Call *call, int index, uint32_t timeout_ms) {
  const ir::State &st = env_.state(index);
  if (call->recv_timeout != 0) {
    if (call->recv_timeout > env_.now_ms) {
      return false;
    }
    // docs/sipp-behaviour.md, "Receive timeouts".
    call->recv_timeout = 0;
    env_.stats.per_state[static_cast<size_t>(index)].timeouts.add();
    env_.call_event(CallEvent::Kind::Timeout, *call);
    if (st.on_timeout.present() && st.on_timeout.index >= 0) {
      call->msg_index = st.on_timeout.index;
      if (env_.valid_index(call->msg_index)) {
        return true;
      }
    } else {
      env_.warn("receive timeout on call " + call->id + " at index " + std::to_string(index) +
                " without an ontimeout label: aborting the call");
    }
    end_call(call, EndReason::TimeoutOnRecv, Ending::AbortOrForget);
    return false;
  }
  uint32_t timeout = timeout_ms != 0 ? timeout_ms : env_.cfg.recv_timeout_ms;
  if (timeout != 0) {
    call->recv_timeout = env_.now_ms + timeout;
  }
  return false;
}

bool CallEngine::execute_send_command(Call *call, int index) {
  if (call->next_retrans != 0) {
    return false; // as SIPp: the previous message first
  }
  const ir::State &st = env_.state(index);
  const auto &cmd = std::get<ir::SendCmdState>(st.body);
  MessageBuffer out;
  render_state(call, index, out);
  if (!env_.hooks.send_command || !env_.hooks.send_command(cmd.dest, out.data)) {
    end_call(call, EndReason::CmdNotSent, Ending::Forget);
    return false;
  }
  env_.stats.per_state[static_cast<size_t>(index)].sent.add();
  bookkeeping(call, st);
  actions_.run_state(call, static_cast<uint32_t>(index));
  if (call->destroyed) {
    return false;
  }
  return advance(call);
}

bool CallEngine::retransmit(Call *call) {
  // docs/sipp-behaviour.md, "Our retransmissions".
  ++call->nb_retrans;
  bool invite = call->last_send_invite;
  int index = call->last_send_index;
  const ir::State &st = env_.state(index);
  if (call->nb_retrans > retransmission_limit(env_.cfg, invite)) {
    env_.stats.per_state[static_cast<size_t>(index)].timeouts.add();
    call->next_retrans = 0;
    renderer_.forget_sent(call);
    if (st.on_timeout.present() && st.on_timeout.index >= 0) {
      call->msg_index = st.on_timeout.index;
      call->recv_timeout = 0;
      if (env_.valid_index(call->msg_index)) {
        return true;
      }
    }
    end_call(call, EndReason::MaxUdpRetrans, Ending::AbortOrForget);
    return false;
  }
  call->nb_last_delay = next_retransmission_delay(call->nb_last_delay, env_.cfg.t2_ms, invite);
  if (env_.lost(&st)) {
    env_.stats.per_state[static_cast<size_t>(index)].lost.add();
  } else {
    if (!send_message(call, call->last_send_msg, index, true)) {
      return false;
    }
    env_.stats.per_state[static_cast<size_t>(index)].sent_retrans.add();
    env_.stats[Counter::Retransmissions].add();
  }
  call->next_retrans = env_.now_ms + call->nb_last_delay;
  return true;
}

bool CallEngine::send_message(Call *call, std::string_view bytes, int index, bool retransmission) {
  if (env_.valid_index(index) && env_.lost(&env_.state(index))) {
    env_.stats.per_state[static_cast<size_t>(index)].lost.add();
    return true;
  }
  if (env_.observed()) {
    env_.observe(MessageEvent::Direction::Sent, bytes, call->id, call, call->peer, retransmission);
  }
  if (env_.history.on()) {
    env_.note(call, std::string("Sending ") + transport_name(env_.cfg.transport) +
                        " message for call " + call->id + " (index " + std::to_string(index) +
                        ", hash " +
                        std::to_string(sipp_retransmission_hash(bytes, env_.cfg.rtcheck_loose)) +
                        "):\n" + std::string(bytes) + "\n\n");
  }
  if (!env_.transport.send(*call, bytes)) {
    // A connection that never came up (refused, a failed handshake) is
    // SIPp's FailedTcpConnect; any other refusal, FailedCannotSendMessage.
    bool never_connected = call->connection && call->connection->connect_failed();
    end_call(call, never_connected ? EndReason::TcpConnect : EndReason::CannotSendMessage,
             Ending::Forget);
    return false;
  }
  return true;
}

void CallEngine::render_state(Call *call, int index, MessageBuffer &out) {
  renderer_.render(call, env_.ctx.templates->state_message[static_cast<size_t>(index)], index, out);
}

bool CallEngine::send_state(Call *call, int index, bool retransmission) {
  render_state(call, index, buf_);
  if (buf_.data.starts_with("ACK")) {
    call->call_established = true;
    call->ack_is_pending = false;
  }
  return send_message(call, buf_.data, index, retransmission);
}

bool CallEngine::send_default(Call *call, uint32_t template_id, int32_t p_index) {
  if (template_id == ir::kNoTemplate) {
    return true;
  }
  MessageBuffer out;
  renderer_.render(call, template_id, p_index, out);
  return send_message(call, out.data, -1);
}

} // namespace gossipper::runtime
