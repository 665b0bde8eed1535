//===- call_grouping.hpp - A capture's SIP messages as calls ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Groups a capture's SIP messages by Call-ID, in the order each call
// appeared. A call is the leg between the two ends of its first request
// (the caller, the UAC, and the one it was sent to, the UAS): what a proxy
// forwarded on other legs, with the same Call-ID, is left out.
// Retransmissions are dropped, so each message is there once, as first
// seen.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capture/sip_extraction.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <vector>

namespace gossipper::runtime::capture {

struct CallMessage {
  CapturedSip sip;
  bool from_caller = true;
};

struct CapturedCall {
  std::string call_id;
  Endpoint caller;
  Endpoint callee;
  TransportProtocol transport = TransportProtocol::udp;
  std::vector<CallMessage> messages;
};

/// The calls of `messages`, in order of their first message.
[[nodiscard]] std::vector<CapturedCall> group_calls(const std::vector<CapturedSip> &messages);

/// An error naming the request when one (other than ACK) has no final
/// response in the call: the capture stopped before the call completed, and
/// a scenario waiting for that response would wait for ever.
Expected<void> check_complete(const CapturedCall &call);

} // namespace gossipper::runtime::capture
