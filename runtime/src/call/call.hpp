//===- call.hpp - One call's state -----------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a call carries between events, as SIPp's call object does: where it is
// in the scenario, its timers, what it sent last (for retransmission), what it
// received last (for [last_*] and retransmission detection), its dialog state
// and its variables. A call lives on one shard and never moves.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call_words.hpp"
#include "call/variable_tables.hpp"
#include "gossipper/abi.h"
#include "time/timer_wheel.hpp"

#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

class Connection;

/// Why a call's outcome counter moves (SIPp's E_* reasons).
enum class EndReason : uint8_t {
  Success,
  CannotSendMessage,
  MaxUdpRetrans,
  TcpConnect,
  TcpClosed,
  UnexpectedMessage,
  CallRejected,
  CmdNotSent,
  TimeoutOnRecv,
  TimeoutOnSend,
  Aborted,            ///< the run stopped with the call open: AbortedCalls, ours
  OutboundCongestion, ///< no -tdmmap circuit free
  TwinAborted,        ///< the 3PCC twin aborted its leg: FailedCall alone, as SIPp
  Uncounted,          ///< SIPp's PING answer ends the call uncounted; we count it apart
  MediaFailed,        ///< DTLS-SRTP could not key its media: FailedCall alone (ours)
};

/// How a call that fails leaves its engine.
enum class Ending : uint8_t {
  Forget,        ///< freed; its Call-ID is not kept as a dead call
  Abort,         ///< SIPp's abort (BYE, CANCEL or ACK as its state needs), then dead
  AbortOrForget, ///< Abort with the "bye" default behaviour, else Forget
};

/// A call's media (media/call_media.hpp): what the media room keeps for it.
class CallMediaState {
public:
  virtual ~CallMediaState() = default;
};

/// What only some scenarios or runs use — a route set (rrs=), a challenge
/// (auth=), a call history (-trace_calldebug), a source address (-t ui) —
/// made at its first use, so the other calls do not carry it.
struct CallExtras {
  std::string route_set;
  std::string next_req_url;
  std::string auth_challenge;
  int challenge_type = 0;
  uint32_t nonce_count = 1;
  std::string debug;     ///< -trace_calldebug: the history, written if aborted
  std::string source_ip; ///< -t ui: the address this call sends from
  /// A message waiting for the first <recv> (after <nop>s, or _unexp.main).
  std::string queued_msg;
  bool has_queued = false;
  void queue(std::string_view raw) {
    queued_msg.assign(raw);
    has_queued = true;
  }
  std::unique_ptr<CallMediaState> media; ///< made by the media room
};

} // namespace gossipper::runtime

/// The ABI's opaque call (see abi.h). Members are grouped by size (times
/// and hashes, then 32-bit, then flags, then objects) so that no padding
/// sits between them: every open call carries this (docs/benchmarks.md,
/// "Memory per open call").
struct gsp_call {
  gossipper::runtime::TimerNode timer; ///< first: the engine finds the call from it
  uint32_t number = 0;
  uint32_t user_id = 0; ///< -users: its [userid]; 0 otherwise
  std::string id;

  // Times (ms).
  uint64_t start_ms = 0;
  uint64_t paused_until = 0;
  uint64_t next_retrans = 0;
  uint64_t recv_timeout = 0;
  // Detection of the peer's retransmissions: hashes, and the numbering of
  // last_recv_msg among all messages the engine stored (0: none).
  uint64_t last_recv_hash = 0;
  uint64_t recv_retrans_hash = 0;
  uint64_t recv_serial = 0;

  int32_t msg_index = 0;
  uint32_t cseq = 0;
  // Retransmission of the last scenario send.
  uint32_t nb_retrans = 0;
  uint32_t nb_last_delay = 0;
  int32_t last_send_index = -1;
  int32_t last_recv_index = -1;
  int32_t recv_retrans_recv_index = -1;
  int32_t recv_retrans_send_index = -1;
  int last_action_result = GSP_OK;
  /// Index used by [branch]/[msg_index] while rendering.
  int32_t render_index = 0;
  int32_t tdm_circuit = -1; ///< -tdmmap: the call's circuit
  int udp_fd = -1;          ///< -t un: the call's own socket
  uint16_t call_port = 0;   ///< -t un/tn: local port of the call's socket

  /// Set when the call has ended: it stays allocated until the engine's
  /// current entry point returns, so code holding it can check this flag.
  bool destroyed = false;
  bool timewait = false;
  /// paused_until holds the end of a turn's wait (CallEngine::wait_turn), not of a
  /// <pause>: when it comes the current element runs instead of being passed.
  bool turn_wait = false;
  // Dialog.
  bool call_established = false;
  bool ack_is_pending = false;
  /// The last scenario send was an INVITE (its retransmission limit, the
  /// abort's CANCEL), kept apart: the message itself is not always kept.
  bool last_send_invite = false;

  /// The last scenario send while our retransmission timer runs for it;
  /// empty once nothing can send it again (Renderer::remember_sent).
  std::string last_send_msg;
  std::string last_recv_msg; ///< what [last_X:] can read of it (Renderer::remember_received)
  std::string peer_tag;

  gossipper::runtime::CallVariables vars;
  std::unique_ptr<gossipper::runtime::CallExtras> extras_;

  /// The call's extras, made now if it has none.
  gossipper::runtime::CallExtras &extras() {
    if (!extras_) {
      extras_ = std::make_unique<gossipper::runtime::CallExtras>();
    }
    return *extras_;
  }
  /// Its extras to read, empty ones if it has none (nothing is made).
  [[nodiscard]] const gossipper::runtime::CallExtras &peek() const {
    static const gossipper::runtime::CallExtras kNone;
    return extras_ ? *extras_ : kNone;
  }
  /// RTD starts and -inf lines, as many as the scenario and run need.
  gossipper::runtime::CallWords words;
  std::vector<std::string> txn_branch; ///< per transaction: the branch it sent

  // Transport.
  boost::asio::ip::udp::endpoint peer;
  std::shared_ptr<gossipper::runtime::Connection> connection; ///< TCP (t1 shared, tn own)
};

namespace gossipper::runtime {
using Call = ::gsp_call;
} // namespace gossipper::runtime
