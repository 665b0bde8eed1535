//===- call_engine.cpp - SIPp's call state machine: arrivals and endings --===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What arrives at a shard's calls, and how calls begin and end. Stepping
// through elements is in call_stepping.cpp, received messages in
// call_receiving.cpp.
//
//===----------------------------------------------------------------------===//
#include "call/call_engine.hpp"

#include "call/retransmission.hpp"
#include "gossipper/runtime/run_share.hpp"
#include "sip/call_routing.hpp"
#include "sip/retransmission_hash.hpp"
#include "time/clock.hpp"

#include <algorithm>

namespace gossipper::runtime {

CallEngine::CallEngine(const ScenarioContext &ctx, uint32_t shard, Transport &transport,
                       Stats &stats, RunHooks hooks)
    : env_(ctx, shard, transport, stats, std::move(hooks)), renderer_(env_),
      actions_(env_, renderer_), matcher_(*ctx.scenario), behaviours_(*this, env_, renderer_) {
  renderer_.set_actions(&actions_);
}

CallEngine::~CallEngine() {
  // Calls still open at exit are released without being counted.
  calls_.for_each([this](Call &call) {
    env_.transport.release(call);
    if (env_.media != nullptr) {
      env_.media->release(call);
    }
  });
}

CallEngine::EntryGuard::EntryGuard(CallEngine &e) : engine_(e), previous_(Renderer::current) {
  Renderer::current = &e.renderer_;
  ++e.entry_depth_;
}

CallEngine::EntryGuard::~EntryGuard() {
  if (--engine_.entry_depth_ == 0) {
    for (std::unique_ptr<Call> &call : engine_.graveyard_) {
      engine_.pool_.give_back(std::move(call));
    }
    engine_.graveyard_.clear();
  }
  Renderer::current = previous_;
}

//===----------------------------------------------------------------------===//
// Beginnings
//===----------------------------------------------------------------------===//

Call *CallEngine::new_call(std::string_view id, uint32_t number, uint32_t user_id) {
  std::unique_ptr<Call> call = pool_.take();
  Call *c = call.get();
  c->id.assign(id);
  c->number = number;
  c->start_ms = env_.now_ms;
  c->cseq = env_.cfg.base_cseq == 0 ? 0 : env_.cfg.base_cseq - 1;
  const ir::Scenario &s = env_.scenario;
  c->user_id = user_id;
  c->vars.init(renderer_.layout(), env_.ctx.variables, user_id);
  c->words.init(static_cast<uint32_t>(s.rtds.size()), injection_files(), steady_us());
  assign_injection_lines(*c);
  if (env_.history.on()) {
    env_.note(c, "Starting call " + c->id + "\n");
  }
  c->txn_branch.resize(s.transactions.size());
  calls_.insert(std::move(call));
  env_.call_event(CallEvent::Kind::Started, *c);
  return c;
}

void CallEngine::assign_injection_lines(Call &call) {
  if (injection_files() == 0) {
    return;
  }
  const InjectionFiles &files = env_.ctx.injection_files;
  for (size_t f = 0; f < files.size(); ++f) {
    call.words.set_inf_line(f, files[f].second->next_line(call.user_id, env_.rng()));
  }
  if (env_.cfg.transport == TransportMode::UdpPerIp) {
    files.front().second->append_field(
        call.words.inf_line(0), static_cast<unsigned>(env_.cfg.ip_field), call.extras().source_ip);
  }
}

bool CallEngine::take_circuit(Call *call) {
  if (env_.ctx.tdm_map == nullptr || env_.automatic) {
    return true;
  }
  std::optional<uint32_t> circuit = env_.ctx.tdm_map->take(env_.rng());
  if (!circuit) {
    env_.warn("Can't create new outgoing call: all tdm_map circuits busy");
    end_call(call, EndReason::OutboundCongestion, Ending::Forget);
    return false;
  }
  call->tdm_circuit = static_cast<int32_t>(*circuit);
  return true;
}

boost::asio::ip::udp::endpoint CallEngine::client_peer() {
  // Parsed at the first call: a server-only run has no remote address.
  if (!client_peer_) {
    const RunConfig &cfg = env_.cfg;
    client_peer_.emplace(
        boost::asio::ip::make_address(cfg.rsa_host ? *cfg.rsa_host : cfg.remote_ip),
        cfg.rsa_host ? cfg.rsa_port : cfg.remote_port);
  }
  return *client_peer_;
}

void CallEngine::run_init() {
  const ir::Scenario &s = env_.scenario;
  if (s.init_states.empty()) {
    return;
  }
  EntryGuard entry(*this);
  // Not in the call table: nothing can reach it but its own actions.
  Call init;
  init.id = "///main-init";
  init.vars.init(renderer_.layout(), env_.ctx.variables, 0);
  init.words.init(static_cast<uint32_t>(s.rtds.size()), injection_files(), CallWords::kRtdStopped);
  assign_injection_lines(init); // SIPp's init call takes a line like any call
  init.txn_branch.resize(s.transactions.size());
  const size_t main_states = s.states.size();
  size_t i = 0;
  // <init> holds only <nop> and <label>; a `next` loop is bounded like any
  // runaway scenario would be by SIPp's watchdog, here by a step budget.
  for (uint32_t budget = 1000000; i < s.init_states.size() && budget != 0; --budget) {
    const ir::State &st = s.init_states[i];
    init.msg_index = static_cast<int32_t>(i);
    if (!skipped(st, init) &&
        actions_.run_state(&init, static_cast<uint32_t>(main_states + i)) != GSP_OK) {
      break;
    }
    if (init.msg_index != static_cast<int32_t>(i)) { // <jump>: to the element after
      i = static_cast<size_t>(init.msg_index) + 1;
      continue;
    }
    std::optional<int32_t> target = jump_target(st, init);
    i = target ? static_cast<size_t>(*target) : i + 1;
  }
}

void CallEngine::start_outgoing_call(uint32_t number, std::string_view call_id, uint32_t user_id) {
  EntryGuard entry(*this);
  env_.stats[Counter::OutgoingCall].add();
  Call *call = new_call(call_id, number, user_id);
  if (!take_circuit(call)) {
    return;
  }
  call->peer = client_peer();
  run(call);
}

//===----------------------------------------------------------------------===//
// Arrivals
//===----------------------------------------------------------------------===//

void CallEngine::on_tick() {
  EntryGuard entry(*this);
  if (!deferred_notes_.empty()) {
    note_deferred_processing();
  }
  due_.clear();
  wheel_.advance(env_.now_ms, [&](TimerNode &n) { due_.push_back(reinterpret_cast<Call *>(&n)); });
  size_t ran = 0;
  for (Call *c : due_) {
    // A call run earlier in this batch may have ended this one; its node is
    // then unlinked and it is gone from the table.
    if (c->destroyed) {
      continue;
    }
    if (ran >= std::max(env_.cfg.max_sched_loops, 1U) && !c->timer.armed()) {
      wheel_.schedule(c->timer, env_.now_ms); // -max_sched_loops: the next tick runs it
      continue;
    }
    ++ran;
    run(c);
  }
  dead_calls_.expire(env_.now_ms);
}

void CallEngine::on_message(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
                            const std::shared_ptr<Connection> &conn) {
  EntryGuard entry(*this);
  SipMessage msg;
  SipParseError err = parse_sip_message(raw, msg);
  if (err == SipParseError::Empty) {
    return; // a CRLF keep-alive (RFC 5626), not a message
  }
  if (err != SipParseError::None || msg.call_id().empty()) {
    env_.stats[Counter::MalformedMessages].add();
    env_.warn(std::string("discarding a malformed message: ") +
              (err != SipParseError::None ? sip_parse_error_text(err) : "no Call-ID") + " (" +
              std::to_string(raw.size()) + " bytes from " + from.address().to_string() + ":" +
              std::to_string(from.port()) + ")");
    return;
  }
  std::string_view id = sipp_call_id(msg.call_id(), env_.cfg.callid_slash_ign);
  raw = msg.raw();
  Call *call = calls_.find(id);
  std::optional<uint64_t> hash;
  if (env_.observed()) {
    bool again = false;
    if (call != nullptr && retransmits(env_.cfg)) {
      hash = retransmission_hash(raw, env_.cfg.rtcheck_loose);
      again = classify_received(*call, *hash) != PeerRetransmission::None;
    }
    env_.observe(MessageEvent::Direction::Received, raw, id, call, from, again);
  }
  dispatch(call, id, raw, msg, from, conn, hash);
}

void CallEngine::take_over(std::string_view id, std::string_view raw, const SipMessage &msg,
                           const boost::asio::ip::udp::endpoint &from,
                           const std::shared_ptr<Connection> &conn) {
  EntryGuard entry(*this);
  dispatch(calls_.find(id), id, raw, msg, from, conn, std::nullopt);
}

void CallEngine::dispatch(Call *call, std::string_view id, std::string_view raw,
                          const SipMessage &msg, const boost::asio::ip::udp::endpoint &from,
                          const std::shared_ptr<Connection> &conn, std::optional<uint64_t> hash) {
  if (call != nullptr) {
    if (!end_turn_wait(call)) {
      env_.stats[Counter::DeadCallMsgs].add(); // the call ended on that turn
      return;
    }
    process_incoming(call, raw, msg, hash);
    if (!call->destroyed) {
      run(call);
    }
    return;
  }
  on_unknown_call(id, raw, msg, from, conn);
}

bool CallEngine::end_turn_wait(Call *call) {
  if (!call->turn_wait) {
    return true;
  }
  // The peer wrote: what the call sent reached it, and SIPp's next turn
  // would have come before the peer's answer. The elements the call waited
  // to run run now, so the message meets the element it answers.
  call->turn_wait = false;
  call->paused_until = 0;
  run(call);
  return !call->destroyed;
}

void CallEngine::on_unknown_call(std::string_view id, std::string_view raw, const SipMessage &msg,
                                 const boost::asio::ip::udp::endpoint &from,
                                 const std::shared_ptr<Connection> &conn) {
  if (dead_calls_.extend(id, env_.now_ms + env_.cfg.deadcall_wait_ms)) {
    env_.stats[Counter::DeadCallMsgs].add();
    return;
  }
  if (env_.scenario.mode == ir::Mode::Server || env_.automatic) {
    if (quitting_) {
      env_.stats[Counter::OutOfCallMsgs].add();
      return;
    }
    env_.stats[Counter::IncomingCall].add();
    uint32_t number =
        env_.ctx.next_number != nullptr ? take_call_number(*env_.ctx.next_number, env_.cfg) : 0;
    Call *call = new_call(id, number);
    if (!take_circuit(call)) {
      return;
    }
    call->peer = env_.cfg.rsa_host ? client_peer() : from;
    call->connection = conn;
    process_incoming(call, raw, msg);
    if (!call->destroyed) {
      run(call);
    }
    return;
  }
  // Client mode (docs/sipp-behaviour.md, "Messages for no call").
  if (ooc_ != nullptr) {
    if (ooc_->knows(id)) {
      ooc_->take_over(id, raw, msg, from, conn); // a call the out-of-call scenario runs
      return;
    }
    if (msg.is_request()) {
      env_.warn("Received out-of-call " + std::string(msg.method()) +
                " message, using the out-of-call scenario");
      env_.stats[Counter::AutoAnswered].add();
      ooc_->take_over(id, raw, msg, from, conn);
      return;
    }
    env_.stats[Counter::OutOfCallMsgs].add();
    return;
  }
  if (env_.cfg.auto_answer && msg.is_request() && DefaultBehaviours::auto_answered(msg.method())) {
    behaviours_.answer_out_of_call(id, raw, from, conn);
    return;
  }
  env_.stats[Counter::OutOfCallMsgs].add();
  env_.warn("discarding a message which can't be mapped to a known call (Call-ID " +
            std::string(id) + ")");
}

void CallEngine::on_command(std::string_view text) {
  EntryGuard entry(*this);
  std::string_view id = route_call_id(text, env_.cfg.callid_slash_ign);
  if (id.empty()) {
    env_.warn("3PCC command without Call-ID discarded");
    return;
  }
  Call *call = calls_.find(id);
  if (call == nullptr) {
    if (!commands_start_calls_ || quitting_) {
      env_.stats[Counter::OutOfCallMsgs].add();
      env_.warn("Discarding 3PCC command which can't be mapped to a known call: " +
                std::string(id));
      return;
    }
    // Controller B: the twin's command opens our leg of its call.
    env_.stats[Counter::OutgoingCall].add();
    uint32_t number =
        env_.ctx.next_number != nullptr ? take_call_number(*env_.ctx.next_number, env_.cfg) : 0;
    call = new_call(id, number);
    if (!take_circuit(call)) {
      return;
    }
    call->peer = client_peer();
  }
  if (!end_turn_wait(call)) {
    return;
  }
  process_command(call, text);
  if (!call->destroyed) {
    run(call);
  }
}

void CallEngine::on_connection_closed(const Connection *conn) {
  EntryGuard entry(*this);
  std::vector<Call *> owners;
  calls_.for_each([&](Call &call) {
    if (call.connection.get() == conn) {
      owners.push_back(&call);
    }
  });
  for (Call *c : owners) {
    if (conn->connect_failed()) {
      complete(c, EndReason::TcpConnect);
    } else if (env_.cfg.reconnect_close || !is_single_connection(env_.cfg.transport)) {
      // -reconnect_close false: the calls of a t1/l1 connection carry on on
      // the connection that replaces it.
      complete(c, EndReason::TcpClosed);
    }
  }
}

void CallEngine::on_send_failed(const std::string &call_id) {
  EntryGuard entry(*this);
  Call *call = calls_.find(call_id);
  if (call == nullptr) {
    return; // already over: nothing left to fail
  }
  end_call(call, EndReason::CannotSendMessage, Ending::Forget);
}

void CallEngine::on_media_failed(const std::string &call_id) {
  EntryGuard entry(*this);
  Call *call = calls_.find(call_id);
  if (call == nullptr) {
    return;
  }
  // The peer is told (BYE or CANCEL, as SIPp's abort), the media room has
  // counted why.
  end_call(call, EndReason::MediaFailed, Ending::Abort);
}

void CallEngine::abort_all() {
  EntryGuard entry(*this);
  std::vector<Call *> all;
  all.reserve(calls_.size());
  calls_.for_each([&all](Call &call) { all.push_back(&call); });
  for (Call *c : all) {
    // SIPp 3.6.1 counts nothing here, which leaves CurrentCall stuck; we count
    // the aborted call as failed so a forced quit ends with true numbers.
    end_call(c, EndReason::Aborted, Ending::Abort);
  }
}

void CallEngine::dump_tasks(const std::function<void(const std::string &)> &out) const {
  // SIPp's call::dump and deadcall::dump; times on its clock (ms since start).
  const CallHistory &clock = env_.history;
  calls_.for_each([&](const Call &c) {
    std::string line = c.id + ": State " + std::to_string(c.msg_index);
    for (auto [what, at] : {std::pair{" (next retrans ", c.next_retrans},
                            std::pair{" (paused until ", c.paused_until},
                            std::pair{" (recv timeout ", c.recv_timeout}}) {
      if (at != 0) {
        line += what + std::to_string(clock.since_origin(at)) + ")";
      }
    }
    out(line);
  });
  dead_calls_.for_each([&](const std::string &id, const std::string &reason, uint64_t expires) {
    out(id + ": Dead Call (" + reason + ") expiring at " +
        std::to_string(clock.since_origin(expires)));
  });
}

//===----------------------------------------------------------------------===//
// Endings (docs/sipp-behaviour.md, "How a call ends and is counted")
//===----------------------------------------------------------------------===//

namespace {

/// The counter that says how a call ended: its failure's, or the success's.
Counter outcome_of(EndReason reason) {
  static constexpr Counter kFailure[] = {
      Counter::SuccessfulCall,      Counter::FailedCannotSendMessage,
      Counter::FailedMaxUDPRetrans, Counter::FailedTcpConnect,
      Counter::FailedTcpClosed,     Counter::FailedUnexpectedMessage,
      Counter::FailedCallRejected,  Counter::FailedCmdNotSent,
      Counter::FailedTimeoutOnRecv, Counter::FailedTimeoutOnSend,
      Counter::AbortedCalls,        Counter::FailedOutboundCongestion};
  switch (reason) {
  case EndReason::Uncounted: return Counter::Uncounted;
  case EndReason::TwinAborted:
  case EndReason::MediaFailed: return Counter::FailedCall;
  default: return kFailure[static_cast<size_t>(reason)];
  }
}

} // namespace

void CallEngine::count(EndReason reason) {
  Counter outcome = outcome_of(reason);
  Stats &stats = env_.stats;
  if (outcome != Counter::SuccessfulCall && outcome != Counter::Uncounted &&
      outcome != Counter::FailedCall) {
    stats[Counter::FailedCall].add();
  }
  stats[outcome].add();
}

void CallEngine::end_call(Call *call, EndReason reason, Ending ending) {
  count(reason);
  env_.call_event(CallEvent::Kind::Ended, *call, {}, outcome_of(reason));
  if (ending == Ending::Abort || (ending == Ending::AbortOrForget && env_.cfg.behaviors.bye)) {
    behaviours_.abort(call);
  } else {
    destroy(call, false);
  }
}

void CallEngine::complete(Call *call, EndReason reason) {
  static constexpr std::pair<Counter, const char *> kByResult[] = {
      {Counter::FailedCall, ""},
      {Counter::FailedRegexpDoesntMatch, "regexp match failure at index "},
      {Counter::FailedRegexpShouldntMatch, "regexp matched, but shouldn't at index "},
      {Counter::FailedRegexpHdrNotFound, "regexp header not found at index "},
      {Counter::FailedTestDoesntMatch, "test failure at index "},
      {Counter::FailedTestShouldntMatch, "test succeeded, but shouldn't at index "},
      {Counter::FailedStrcmpDoesntMatch, "test failure at index "},
      {Counter::FailedStrcmpShouldntMatch, "test succeeded, but shouldn't at index "},
      {Counter::FailedCall, ""},
      {Counter::FailedTcpConnect, "connection failed "},
  };
  int r = call->last_action_result;
  if (r > GSP_OK && r <= GSP_CONNECT_FAILED && r != GSP_STOP_CALL) {
    env_.stats[Counter::FailedCall].add();
    env_.stats[kByResult[r].first].add();
    env_.call_event(CallEvent::Kind::Ended, *call, {}, kByResult[r].first);
    destroy(call, true, kByResult[r].second, static_cast<int32_t>(call->msg_index));
    return;
  }
  // SIPp counts a call in <timewait> as successful; we also count one whose
  // last message went out and which is only waiting to enter <timewait>, so a
  // peer closing TCP right after its last call fails none of ours.
  bool in_timewait = call->timewait;
  if (!in_timewait && env_.valid_index(call->msg_index)) {
    const auto *p = std::get_if<ir::PauseState>(&env_.state(call->msg_index).body);
    in_timewait = p != nullptr && p->timewait;
  }
  if (reason == EndReason::Success || in_timewait) {
    env_.stats[Counter::SuccessfulCall].add();
    env_.call_event(CallEvent::Kind::Ended, *call);
    destroy(call, true, "successful");
    return;
  }
  count(reason);
  env_.call_event(CallEvent::Kind::Ended, *call, {}, outcome_of(reason));
  destroy(call, true, "failed at index ", static_cast<int32_t>(call->msg_index));
}

void CallEngine::destroy(Call *call, bool make_dead, const char *dead_reason, int32_t dead_index) {
  wheel_.cancel(call->timer);
  if (call->tdm_circuit >= 0 && env_.ctx.tdm_map != nullptr) {
    env_.ctx.tdm_map->give_back(static_cast<uint32_t>(call->tdm_circuit));
    call->tdm_circuit = -1;
  }
  if (call->user_id != 0 && env_.hooks.free_user) {
    env_.hooks.free_user(call->user_id);
    call->user_id = 0;
  }
  env_.stats.call_length.record((env_.now_ms - call->start_ms) * 1000,
                                env_.scenario.call_length_repartition.bounds_ms);
  env_.transport.release(*call);
  if (env_.media != nullptr) {
    env_.media->release(*call);
  }
  std::unique_ptr<Call> owned = calls_.take(call); // by its Call-ID's hash: before it moves
  if (make_dead && env_.cfg.deadcall_wait_ms != 0) {
    // The dead-call table takes the Call-ID's buffer rather than a copy, and
    // the call (made again for another, call_pool.hpp) takes the buffer of
    // a Call-ID that expired there: no allocation either way.
    std::string id = std::exchange(call->id, dead_calls_.spare_buffer());
    dead_calls_.add(std::move(id), env_.now_ms + env_.cfg.deadcall_wait_ms, dead_reason,
                    dead_index);
  }
  if (owned) {
    call->destroyed = true;
    graveyard_.push_back(std::move(owned));
  }
}

} // namespace gossipper::runtime
