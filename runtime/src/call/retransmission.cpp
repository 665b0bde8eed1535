//===- retransmission.cpp - SIPp's retransmission rules -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/retransmission.hpp"

#include <algorithm>

namespace gossipper::runtime {

uint32_t retransmission_limit(const RunConfig &cfg, bool invite) {
  return std::min(invite ? cfg.max_invite_retrans : cfg.max_non_invite_retrans, cfg.max_retrans);
}

uint32_t next_retransmission_delay(uint32_t last_ms, uint32_t t2_ms, bool invite) {
  uint32_t next = last_ms * 2;
  return next > t2_ms && !invite ? t2_ms : next;
}

RetransmissionStop on_receive(int found, int last_send_index, int code, std::string_view method,
                              std::string_view cseq_method) {
  if (found <= last_send_index) {
    return RetransmissionStop::None;
  }
  if (code == 0 && method != "ACK" && method != "CANCEL" && method != "BYE" && method != "PRACK") {
    return RetransmissionStop::None;
  }
  if (code == 0 || code >= 200 || std::string_view("INVITE").starts_with(cseq_method)) {
    return RetransmissionStop::Stop;
  }
  return RetransmissionStop::SlowDown;
}

PeerRetransmission classify_received(const Call &call, uint64_t hash) {
  if (call.recv_retrans_recv_index >= 0 && hash == call.recv_retrans_hash) {
    return PeerRetransmission::Answered;
  }
  if (call.last_recv_index >= 0 && hash == call.last_recv_hash) {
    return PeerRetransmission::Last;
  }
  return PeerRetransmission::None;
}

} // namespace gossipper::runtime
