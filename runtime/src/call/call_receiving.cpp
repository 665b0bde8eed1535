//===- call_receiving.cpp - SIPp's call state machine: what arrives -------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A message for a call (docs/sipp-behaviour.md, "Receiving a message"): the
// peer's retransmissions are recognised first, then the matcher finds the
// element that takes it, or the default behaviours handle it; a 3PCC
// command goes to the <recvCmd> ahead.
//
//===----------------------------------------------------------------------===//
#include "call/call_engine.hpp"

#include "call/retransmission.hpp"
#include "call/route_set.hpp"
#include "sip/header_lookup.hpp"
#include "sip/retransmission_hash.hpp"
#include "threepcc/command_text.hpp"

#include <algorithm>

namespace gossipper::runtime {
namespace {

ReceivedKey key_of(const SipMessage &msg) {
  ReceivedKey key;
  if (msg.is_response()) {
    key.code = msg.status();
    key.cseq_method = msg.cseq_method();
    if (const SipHeader *via = msg.find("Via")) {
      std::string_view first = via->value.substr(0, via->value.find(','));
      key.branch = header_param(first, "branch");
    }
  } else {
    key.method = msg.method();
  }
  return key;
}

} // namespace

void CallEngine::process_incoming(Call *call, std::string_view raw, const SipMessage &msg,
                                  std::optional<uint64_t> known_hash) {
  if (env_.history.on()) {
    env_.note(call, "Processing " + std::to_string(raw.size()) +
                        " byte incoming message for call-ID " + call->id + " (hash " +
                        std::to_string(sipp_retransmission_hash(raw, env_.cfg.rtcheck_loose)) +
                        "):\n" + std::string(raw) + "\n\n");
  }
  if (static_cast<size_t>(call->msg_index) >= env_.state_count()) {
    return;
  }
  const ir::State &cur = env_.state(call->msg_index);
  if (env_.cfg.pause_msg_ign && std::holds_alternative<ir::PauseState>(cur.body)) {
    return;
  }
  if (call->msg_index == 0 && std::holds_alternative<ir::NopState>(cur.body)) {
    call->extras().queue(raw);
    call->paused_until = 0;
    return; // the caller runs the call: the nops run, the first recv takes it
  }
  if (msg.find("To") == nullptr) {
    behaviours_.unexpected(call, raw, 0);
    return;
  }
  uint64_t hash = 0;
  if (retransmits(env_.cfg)) {
    hash = known_hash ? *known_hash : retransmission_hash(raw, env_.cfg.rtcheck_loose);
    if (handle_peer_retransmission(call, hash)) {
      return;
    }
  }
  ReceivedKey key = key_of(msg);
  if (msg.is_response()) {
    std::string_view tag = msg.to_tag();
    if (!tag.empty()) {
      call->peer_tag.assign(tag);
    }
  } else if (key.method == "ACK") {
    call->call_established = true;
  }
  ReceiveMatch match = matcher_.find(*call, key);
  if (match.kind == ReceiveMatch::Kind::ResendAck) {
    MessageBuffer out;
    render_state(call, match.index, out);
    send_message(call, out.data, -1, true);
    return;
  }
  if (match.kind == ReceiveMatch::Kind::None) {
    handle_unmatched(call, raw, key);
    return;
  }
  accept_received(call, raw, match.index, key, hash);
}

bool CallEngine::handle_peer_retransmission(Call *call, uint64_t hash) {
  // docs/sipp-behaviour.md, "The peer's retransmissions".
  switch (classify_received(*call, hash)) {
  case PeerRetransmission::None: return false;
  case PeerRetransmission::Last:
    env_.stats.per_state[static_cast<size_t>(call->last_recv_index)].recv_retrans.add();
    return true;
  case PeerRetransmission::Answered: break;
  }
  auto recv_index = static_cast<size_t>(call->recv_retrans_recv_index);
  if (env_.lost(&env_.state(call->recv_retrans_recv_index))) {
    env_.stats.per_state[recv_index].lost.add();
    return true;
  }
  env_.stats.per_state[recv_index].recv_retrans.add();
  int send_index = call->recv_retrans_send_index;
  if (send_state(call, send_index, true)) {
    env_.stats.per_state[static_cast<size_t>(send_index)].sent_retrans.add();
    env_.stats[Counter::Retransmissions].add();
  }
  return true;
}

void CallEngine::handle_unmatched(Call *call, std::string_view raw, const ReceivedKey &key) {
  const ir::Scenario &s = env_.scenario;
  if (s.unexpected_jump != ir::kNoState) {
    // docs/sipp-behaviour.md, "The unexpected-message label".
    const ir::Variable *ret = s.find_variable("_unexp.retaddr");
    auto ret_id = ret != nullptr ? static_cast<ir::VarId>(ret - s.variables.data()) : ir::kNoVar;
    if (ret_id != ir::kNoVar && call->vars[ret_id].as_double() != 0.0) {
      behaviours_.unexpected(call, raw, key.code);
      return;
    }
    if (ret_id != ir::kNoVar) {
      call->vars[ret_id].set_double(call->msg_index);
    }
    if (const ir::Variable *paused = s.find_variable("_unexp.pausedaddr")) {
      call->vars[static_cast<ir::VarId>(paused - s.variables.data())].set_double(
          static_cast<double>(call->turn_wait ? 0 : call->paused_until));
    }
    call->msg_index = s.unexpected_jump;
    call->extras().queue(raw);
    call->paused_until = 0;
    return;
  }
  if (key.code == 0 && behaviours_.automatic_answer(call, raw, key.method)) {
    return;
  }
  behaviours_.unexpected(call, raw, key.code);
}

void CallEngine::accept_received(Call *call, std::string_view raw, int found,
                                 const ReceivedKey &key, uint64_t hash) {
  const ir::State &st = env_.state(found);
  const auto &recv = std::get<ir::RecvState>(st.body);
  if (env_.lost(&st)) {
    env_.stats.per_state[static_cast<size_t>(found)].lost.add();
    return;
  }
  bookkeeping(call, st);
  env_.stats.per_state[static_cast<size_t>(found)].recv.add();
  if (env_.media != nullptr && !st.ignore_sdp) {
    env_.media->on_received(*call, raw);
  }
  if (!run_receive_actions(call, found, raw)) {
    return;
  }
  if (key.code == 0) {
    call->cseq = std::max(call->cseq, static_cast<uint32_t>(sipp_cseq_value(raw)));
  }
  follow_retransmission_rule(
      call, on_receive(found, call->last_send_index, key.code, key.method, key.cseq_method));
  if (key.code == 200) {
    call->ack_is_pending = true;
  }
  if (recv.record_routes && call->peek().route_set.empty()) {
    if (Expected<RouteSet> routes = record_route(raw, key.code == 0)) {
      CallExtras &extras = call->extras();
      extras.route_set = std::move(routes->routes);
      extras.next_req_url = std::move(routes->remote_uri);
    } else {
      env_.warn(routes.error().message + ", in call " + call->id);
    }
  }
  if (recv.authentication && (key.code == 401 || key.code == 407)) {
    std::string challenge = sipp_get_header(raw, "Proxy-Authenticate:", true);
    if (challenge.empty()) {
      challenge = sipp_get_header(raw, "WWW-Authenticate:", true);
    }
    CallExtras &extras = call->extras();
    extras.auth_challenge = challenge;
    extras.challenge_type = key.code;
    extras.nonce_count = 1;
  }
  if (!recv.advance_state) {
    return;
  }
  call->last_recv_index = found;
  call->last_recv_hash = hash;
  if (env_.history.on()) {
    env_.note(call, "Set Last Recv Hash: " +
                        std::to_string(sipp_retransmission_hash(raw, env_.cfg.rtcheck_loose)) +
                        " (recv index " + std::to_string(found) + ")\n");
  }
  renderer_.remember_received(call, raw);
  // docs/sipp-behaviour.md, "When a receive advances".
  bool advance_now =
      recv.optional == ir::Optional::No ||
      (st.next.index != 0 && (st.test == ir::kNoVar || call->vars[st.test].is_set()));
  if (advance_now) {
    call->paused_until = 0;
    call->msg_index = found;
    advance(call);
  }
}

void CallEngine::follow_retransmission_rule(Call *call, RetransmissionStop stop) {
  switch (stop) {
  case RetransmissionStop::None: return;
  case RetransmissionStop::Stop:
    call->next_retrans = 0;
    renderer_.forget_sent(call);
    return;
  case RetransmissionStop::SlowDown: break;
  }
  if (call->last_send_msg.empty() && call->last_send_index >= 0) {
    // SIPp's timer restarts even for a message no timer was sending, which
    // we no longer keep: rendered again (docs/sipp-behaviour.md, "The last
    // sent message").
    render_state(call, call->last_send_index, buf_);
    renderer_.remember_sent(call, buf_.data.view());
  }
  call->next_retrans = env_.now_ms + env_.cfg.t2_ms;
  call->nb_last_delay = env_.cfg.t2_ms;
}

bool CallEngine::run_receive_actions(Call *call, int index, std::string_view msg) {
  int result = actions_.run_state(call, static_cast<uint32_t>(index), msg);
  if (call->destroyed) {
    return false;
  }
  if (result != GSP_OK) {
    // Failed checks are remembered and the scenario goes on, as in SIPp.
    call->last_action_result = result;
    if (result == GSP_STOP_CALL) {
      end_call(call, EndReason::CallRejected, Ending::Forget);
      return false;
    }
    if (result == GSP_CONNECT_FAILED) {
      complete(call, EndReason::TcpConnect);
      return false;
    }
  }
  return true;
}

void CallEngine::process_command(Call *call, std::string_view text) {
  if (is_abort_command(text)) {
    // The twin's leg failed: SIPp counts ours failed and aborts it.
    end_call(call, EndReason::TwinAborted, Ending::Abort);
    return;
  }
  // The first <recvCmd> ahead, past optional elements and nops (SIPp's rule).
  int found = -1;
  for (int i = call->msg_index; env_.valid_index(i); ++i) {
    const ir::State &st = env_.state(i);
    if (std::holds_alternative<ir::RecvCmdState>(st.body)) {
      found = i;
      break;
    }
    const auto *r = std::get_if<ir::RecvState>(&st.body);
    bool optional = r != nullptr && r->optional != ir::Optional::No;
    if (!optional && !std::holds_alternative<ir::NopState>(st.body)) {
      break;
    }
  }
  if (found < 0) {
    env_.warn("Unexpected 3PCC command for Call-Id '" + call->id + "' (index " +
              std::to_string(call->msg_index) + "): the call is rejected");
    end_call(call, EndReason::CallRejected, Ending::Forget);
    return;
  }
  const ir::State &st = env_.state(found);
  const auto &recv = std::get<ir::RecvCmdState>(st.body);
  if (!recv.src.empty() && command_sender(text) != recv.src) {
    env_.warn("Unexpected sender for the received peer message (call " + call->id + ", expected " +
              recv.src + ")");
    end_call(call, EndReason::CallRejected, Ending::Forget);
    return;
  }
  env_.stats.per_state[static_cast<size_t>(found)].recv.add();
  bookkeeping(call, st);
  if (!run_receive_actions(call, found, command_body(text))) {
    return;
  }
  call->paused_until = 0;
  call->msg_index = found;
  advance(call);
}

} // namespace gossipper::runtime
