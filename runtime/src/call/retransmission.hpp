//===- retransmission.hpp - SIPp's retransmission rules --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Over UDP a message sent with retrans= is sent again until something
// answers it, and a message the peer sends twice is recognised by its hash
// (docs/sipp-behaviour.md, "Our retransmissions", "What stops a
// retransmission", "The peer's retransmissions"). The rules, apart from
// the timers and sockets that apply them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"
#include "gossipper/runtime/run_config.hpp"

#include <cstdint>
#include <string_view>

namespace gossipper::runtime {

/// Whether this run retransmits and recognises retransmissions at all:
/// over UDP, without -nr.
[[nodiscard]] inline bool retransmits(const RunConfig &cfg) {
  return is_udp(cfg.transport) && cfg.retrans_enabled;
}

/// How many times a message may be sent again.
[[nodiscard]] uint32_t retransmission_limit(const RunConfig &cfg, bool invite);

/// The wait before the next retransmission: twice the last, at most T2
/// unless the message is an INVITE.
[[nodiscard]] uint32_t next_retransmission_delay(uint32_t last_ms, uint32_t t2_ms, bool invite);

/// What a received message does to the retransmission of our last message.
enum class RetransmissionStop : uint8_t {
  None,    ///< it goes on
  Stop,    ///< answered: no more
  SlowDown ///< a provisional answer to a non-INVITE: every T2 from now on
};

/// `found`: the element that received it; `code` 0 for a request.
[[nodiscard]] RetransmissionStop on_receive(int found, int last_send_index, int code,
                                            std::string_view method, std::string_view cseq_method);

/// What a received message is, by its hash, to the call that got it.
enum class PeerRetransmission : uint8_t {
  None,     ///< a new message
  Answered, ///< the peer sent again what we answered: answer again
  Last,     ///< the peer sent again the last message we received: ignore it
};

[[nodiscard]] PeerRetransmission classify_received(const Call &call, uint64_t hash);

} // namespace gossipper::runtime
