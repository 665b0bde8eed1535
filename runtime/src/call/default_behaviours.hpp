//===- default_behaviours.hpp - What SIPp does unasked ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's -default_behaviors (bye, abortunexp, pingreply) and its automatic
// answers: aborting a call with BYE or CANCEL, the unexpected message, the
// unexpected BYE, CANCEL or PING, -aa's 200 to INFO, NOTIFY, OPTIONS and
// UPDATE, and telling the 3PCC twin (docs/sipp-behaviour.md, "Unexpected
// messages", "Automatic answers", "Aborting a call").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call_environment.hpp"
#include "call/renderer.hpp"
#include "transport/connection.hpp"

#include <memory>
#include <string_view>

namespace gossipper::runtime {

class CallEngine;

class DefaultBehaviours {
public:
  DefaultBehaviours(CallEngine &engine, CallEnvironment &env, Renderer &renderer)
      : engine_(engine), env_(env), renderer_(renderer) {}

  /// SIPp's call::abort: a client call past its first element sends BYE,
  /// CANCEL, or ACK (and BYE) as its state needs; then the call is dead.
  void abort(Call *call);
  /// A message no element takes (abortunexp).
  void unexpected(Call *call, std::string_view raw, int code);
  /// An unexpected request SIPp answers by itself: BYE or CANCEL, PING,
  /// and with -aa INFO, NOTIFY, OPTIONS, UPDATE. True when handled (the
  /// call may then be gone).
  bool automatic_answer(Call *call, std::string_view raw, std::string_view method);
  /// -aa without an out-of-call scenario: a request for no call is
  /// answered 200 by a throw-away call, as SIPp's ooc_dummy.
  void answer_out_of_call(std::string_view call_id, std::string_view raw,
                          const boost::asio::ip::udp::endpoint &from,
                          const std::shared_ptr<Connection> &conn);
  /// SIPp tells the twin when it aborts a call that got past its start.
  void abort_twin(Call *call);

  /// -aa's methods.
  [[nodiscard]] static bool auto_answered(std::string_view method) {
    return method == "INFO" || method == "NOTIFY" || method == "OPTIONS" || method == "UPDATE";
  }

private:
  /// Sends the default 200 answering the call's last received message.
  bool answer_200(Call *call);

  CallEngine &engine_;
  CallEnvironment &env_;
  Renderer &renderer_;
};

} // namespace gossipper::runtime
