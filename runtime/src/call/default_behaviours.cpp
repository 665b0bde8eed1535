//===- default_behaviours.cpp - What SIPp does unasked --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/default_behaviours.hpp"

#include "call/call_engine.hpp"
#include "sip/retransmission_hash.hpp"

namespace gossipper::runtime {
namespace {

/// SIPp's get_reply_code: the number after "SIP/2.0" and white space.
int reply_code(std::string_view raw) {
  if (!raw.starts_with("SIP/2.0")) {
    return 0;
  }
  size_t i = 7;
  while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) {
    ++i;
  }
  int code = 0;
  while (i < raw.size() && raw[i] >= '0' && raw[i] <= '9') {
    code = code * 10 + (raw[i] - '0');
    if (code > 100000) {
      return 0;
    }
    ++i;
  }
  return code;
}

} // namespace

void DefaultBehaviours::abort(Call *call) {
  const ScenarioContext &ctx = env_.ctx;
  if (env_.history.on()) {
    env_.note(call,
              "Aborting call " + call->id + " (index " + std::to_string(call->msg_index) + ").\n");
  }
  // Only a client instance that got past its first element sends.
  bool client = env_.scenario.mode != ir::Mode::Server;
  if (client && call->msg_index > 0) {
    bool is_invite = call->last_send_invite;
    bool alive = true;
    if (!call->call_established && is_invite) {
      if (!call->last_recv_msg.empty()) {
        int code = reply_code(call->last_recv_msg);
        if (code >= 400) {
          alive = engine_.send_default(call, ctx.default_ack, -2);
        } else if (call->ack_is_pending) {
          call->ack_is_pending = false;
          alive = engine_.send_default(call, ctx.default_ack, -1) &&
                  engine_.send_default(call, ctx.default_bye, -1);
        } else {
          alive = engine_.send_default(call, ctx.default_cancel, -1);
        }
      }
    } else if (!call->last_recv_msg.empty()) {
      alive = engine_.send_default(call, ctx.default_bye, -1);
    }
    if (!alive) {
      return; // the send failed and the call was already counted and freed
    }
  }
  if (env_.history.on()) {
    // Written once what the abort sent is in the history too, as SIPp does.
    env_.history.write(call->id, call->peek().debug);
  }
  engine_.destroy(call, true, "aborted at index ", static_cast<int32_t>(call->msg_index));
}

void DefaultBehaviours::unexpected(Call *call, std::string_view raw, int code) {
  env_.stats.per_state[static_cast<size_t>(call->msg_index)].unexpected.add();
  if (env_.ctx.error_codes != nullptr && code != 0) {
    env_.ctx.error_codes->add(code);
  }
  if (env_.history.on()) {
    env_.note(call, std::string("Unexpected ") + transport_name(env_.cfg.transport) +
                        " message received (index " + std::to_string(call->msg_index) + ", hash " +
                        std::to_string(sipp_retransmission_hash(raw, env_.cfg.rtcheck_loose)) +
                        "):\n\n" + std::string(raw) + "\n");
  }
  bool abort_unexpected = env_.cfg.behaviors.abort_unexpected;
  std::string first_line(raw.substr(0, raw.find('\r')));
  env_.call_event(CallEvent::Kind::Unexpected, *call, first_line);
  env_.warn(std::string(abort_unexpected ? "Aborting" : "Continuing") +
            " call on unexpected message for Call-Id '" + call->id + "' (index " +
            std::to_string(call->msg_index) + "), received '" + first_line + "'");
  if (!abort_unexpected) {
    return;
  }
  renderer_.remember_received(call, raw);
  abort_twin(call);
  engine_.end_call(call, EndReason::UnexpectedMessage, Ending::AbortOrForget);
}

bool DefaultBehaviours::answer_200(Call *call) {
  return engine_.send_default(call, env_.ctx.default_200, -1);
}

bool DefaultBehaviours::automatic_answer(Call *call, std::string_view raw,
                                         std::string_view method) {
  const DefaultBehaviors &b = env_.cfg.behaviors;
  if (method == "BYE" || method == "CANCEL") {
    renderer_.remember_received(call, raw);
    env_.stats.per_state[static_cast<size_t>(call->msg_index)].unexpected.add();
    if (!b.abort_unexpected) {
      env_.warn("Continuing call on an unexpected " + std::string(method) + " for Call-Id '" +
                call->id + "'");
      return true;
    }
    env_.warn("Aborting call on an unexpected " + std::string(method) + " for Call-Id '" +
              call->id + "'");
    if (b.bye && !answer_200(call)) {
      return true;
    }
    abort_twin(call);
    engine_.end_call(call, EndReason::UnexpectedMessage, Ending::Forget);
    return true;
  }
  if (method == "PING") {
    renderer_.remember_received(call, raw);
    if (!b.ping_reply) {
      env_.warn("unexpected PING on call " + call->id);
      return true;
    }
    if (!answer_200(call)) {
      return true;
    }
    env_.stats[Counter::AutoAnswered].add();
    engine_.end_call(call, EndReason::Uncounted, Ending::Forget);
    return true;
  }
  if (env_.cfg.auto_answer && auto_answered(method)) {
    std::string saved = call->last_recv_msg;
    renderer_.remember_received(call, raw);
    if (!answer_200(call)) {
      return true;
    }
    if (!saved.empty()) {
      renderer_.remember_received(call, saved);
    }
    env_.stats[Counter::AutoAnswered].add();
    return true;
  }
  return false;
}

void DefaultBehaviours::answer_out_of_call(std::string_view call_id, std::string_view raw,
                                           const boost::asio::ip::udp::endpoint &from,
                                           const std::shared_ptr<Connection> &conn) {
  Call temp;
  temp.id = std::string(call_id);
  temp.peer = from;
  temp.connection = conn;
  renderer_.remember_received(&temp, raw);
  MessageBuffer out;
  renderer_.render(&temp, env_.ctx.default_200, -1, out);
  if (env_.observed()) {
    env_.observe(MessageEvent::Direction::Sent, out.data, temp.id, nullptr, from, false);
  }
  env_.transport.send(temp, out.data);
  env_.transport.release(temp);
  env_.stats[Counter::AutoAnswered].add(2); // SIPp counts the call and the answer
}

void DefaultBehaviours::abort_twin(Call *call) {
  if (!env_.hooks.send_command || call->msg_index <= 0 ||
      env_.ctx.default_3pcc_abort == ir::kNoTemplate) {
    return;
  }
  MessageBuffer out;
  renderer_.render(call, env_.ctx.default_3pcc_abort, -1, out);
  env_.hooks.send_command({}, out.data);
}

} // namespace gossipper::runtime
