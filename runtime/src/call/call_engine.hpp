//===- call_engine.hpp - SIPp's call state machine, per shard --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Runs the calls of one shard the way SIPp 3.6.1 runs them. This class holds
// the calls and steps them through the scenario's elements: it dispatches
// what arrives (a message, a 3PCC command, a timer, a closed connection) to
// the call it is for, runs the call until it waits, and ends it. The rest
// is in its parts: the Renderer writes messages, the ActionRunner runs
// actions, the ReceiveMatcher finds the <recv> a message is for, the
// retransmission rules say when to send again, DefaultBehaviours answers what
// the scenario does not expect. Logic only: no socket or thread is created
// here; bytes leave through a Transport.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/actions.hpp"
#include "call/call_environment.hpp"
#include "call/call_pool.hpp"
#include "call/call_table.hpp"
#include "call/default_behaviours.hpp"
#include "call/message_buffer.hpp"
#include "call/receive_matcher.hpp"
#include "call/renderer.hpp"
#include "call/retransmission.hpp"
#include "sip/sip_message.hpp"
#include "time/timer_wheel.hpp"
#include "transport/connection.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

class CallEngine {
public:
  /// How long a call waits for its next turn before a second send (wait_turn):
  /// 1 to 2 ms on the 1 ms wheel, SIPp's gap between two of a call's sends.
  static constexpr uint64_t kTurnMs = 2;
  CallEngine(const ScenarioContext &ctx, uint32_t shard, Transport &transport, Stats &stats,
             RunHooks hooks);
  ~CallEngine();
  CallEngine(const CallEngine &) = delete;
  CallEngine &operator=(const CallEngine &) = delete;

  /// Milliseconds on this shard's clock; set once per loop turn.
  void set_now(uint64_t now_ms) { env_.now_ms = now_ms; }
  /// The shard's media, for a scenario with media actions (before any call).
  void set_media(MediaService *media) { env_.media = media; }
  [[nodiscard]] uint64_t now() const { return env_.now_ms; }

  // --- What arrives (each an entry point: it makes this engine current).

  /// Runs the scenario's <init> once, before any call, as SIPp does at
  /// start: its actions set <Global> values; it counts in no statistic.
  void run_init();
  /// Opens a client call with SIPp call number `number`.
  void start_outgoing_call(uint32_t number, std::string_view call_id, uint32_t user_id = 0);
  /// A message received for this shard. `conn` is the connection it came on
  /// (null for the shared UDP socket); `from` is the source address.
  void on_message(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
                  const std::shared_ptr<Connection> &conn);
  /// A command from the 3PCC twin (without its ESC).
  void on_command(std::string_view text);
  /// Fires due timers and runs the calls they wake.
  void on_tick();
  /// A connection closed: the calls on it end (SIPp's tcpClose).
  void on_connection_closed(const Connection *conn);
  /// A queued send of this call was refused by the kernel after the call had
  /// moved on: the call fails as if the send had failed synchronously.
  void on_send_failed(const std::string &call_id);
  /// The call's secure media failed (a DTLS-SRTP handshake that failed,
  /// timed out, or met a certificate that is not the SDP's fingerprint):
  /// the call fails and is aborted.
  void on_media_failed(const std::string &call_id);
  /// Q: every call is aborted as SIPp's call::abort() does.
  void abort_all();
  /// "dump tasks": a line per open and dead call, in SIPp's words.
  void dump_tasks(const std::function<void(const std::string &)> &out) const;

  // --- How this engine plays.

  /// -oocsf: requests for no known call (client mode) go to `ooc`.
  void set_out_of_call(CallEngine *ooc) { ooc_ = ooc; }
  /// The out-of-call engine: every unknown Call-ID makes a call, whatever
  /// the scenario's first element (SIPp's "automatic" calls).
  void set_automatic() { env_.automatic = true; }
  /// -3pcc controller B: a command for no known call starts a client call
  /// with the command's Call-ID, as in SIPp.
  void set_commands_start_calls() { commands_start_calls_ = true; }
  [[nodiscard]] bool quitting() const { return quitting_; }
  /// The run is ending: no new call is answered.
  void set_quitting() { quitting_ = true; }

  [[nodiscard]] size_t open_calls() const { return calls_.size(); }
  [[nodiscard]] size_t dead_calls() const { return dead_calls_.size(); }
  /// The open call with this Call-ID, to look at; null when none is open.
  [[nodiscard]] const Call *find_call(std::string_view call_id) const {
    return calls_.find(call_id);
  }
  /// A live or dead call of this engine has this Call-ID.
  [[nodiscard]] bool knows(std::string_view call_id) const {
    return calls_.contains(call_id) || dead_calls_.contains(call_id);
  }

  // --- For the engine's parts (default behaviours).

  /// The send path of every message: lost=, the observers, the call's
  /// history, the transport. False when the send failed: the call is then
  /// counted and gone.
  bool send_message(Call *call, std::string_view bytes, int index, bool retransmission = false);
  /// Renders one of SIPp's default messages and sends it (true when the
  /// scenario has none to send).
  bool send_default(Call *call, uint32_t template_id, int32_t p_index);
  /// The one way a call fails: its reason counted, then it leaves as
  /// `ending` says.
  void end_call(Call *call, EndReason reason, Ending ending);
  /// Frees the call once the entry point returns; `make_dead` keeps its
  /// Call-ID for -deadcall_wait, with why (SIPp's reason, and an index).
  void destroy(Call *call, bool make_dead, const char *dead_reason = "", int32_t dead_index = -1);

private:
  /// Every entry point: makes this engine's renderer current and frees the
  /// calls that ended once the outermost one returns.
  class EntryGuard {
  public:
    explicit EntryGuard(CallEngine &e);
    ~EntryGuard();
    EntryGuard(const EntryGuard &) = delete;
    EntryGuard &operator=(const EntryGuard &) = delete;

  private:
    CallEngine &engine_;
    Renderer *previous_;
  };

  // --- Lifecycle (call_engine.cpp).
  Call *new_call(std::string_view id, uint32_t number, uint32_t user_id = 0);
  /// Gives a new call its line of every -inf file.
  void assign_injection_lines(Call &call);
  /// -tdmmap: gives a new call a circuit; with none free the call fails
  /// (outbound congestion) and this returns false.
  bool take_circuit(Call *call);
  /// How many -inf lines a call of this engine reads: none for the calls
  /// answering out-of-call requests, which must not make the others skip.
  [[nodiscard]] uint32_t injection_files() const {
    return env_.automatic ? 0 : static_cast<uint32_t>(env_.ctx.injection_files.size());
  }
  /// The scenario ended for the call (or a connection failed under it):
  /// successful, or failed by its last failed check.
  void complete(Call *call, EndReason reason);
  void count(EndReason reason);
  /// Where a new call's messages go: -rsa, else the remote host.
  [[nodiscard]] boost::asio::ip::udp::endpoint client_peer();

  // --- Stepping (call_stepping.cpp).
  void run(Call *call);
  /// One scenario element; false when the call waits or no longer exists.
  /// `first`: the element the call woke up for (not one reached after it).
  bool step(Call *call, bool first);
  bool advance(Call *call); ///< SIPp's next(); false when the call ended
  /// condexec= skips `st` for `call`.
  [[nodiscard]] static bool skipped(const ir::State &st, Call &call);
  /// Where next= sends `call` after `st`, when test= and chance= let it.
  std::optional<int32_t> jump_target(const ir::State &st, Call &call);
  void schedule(Call *call);
  bool execute_send(Call *call, int index);
  /// A second send in one run of a call: the call waits for a later turn
  /// (kTurnMs), so that two messages of one call never leave in the same
  /// batch (a multi-worker proxy would reorder them).
  void wait_turn(Call *call);
  /// A message or command came for `call`: a turn it waits for comes now.
  /// False when running it ended the call.
  bool end_turn_wait(Call *call);
  bool execute_recv(Call *call, int index);
  bool execute_pause(Call *call, int index);
  bool execute_nop(Call *call, int index);
  bool execute_send_command(Call *call, int index);
  /// A <recv> or <recvCmd> waiting: arms its timeout, or handles it expiring.
  bool wait_receive(Call *call, int index, uint32_t timeout_ms);
  /// false when the call no longer exists
  bool retransmit(Call *call);
  bool send_state(Call *call, int index, bool retransmission);
  /// The counter and response times an element moves when it runs.
  void bookkeeping(Call *call, const ir::State &st);
  /// -trace_calldebug's "Processing message N of type T" line.
  void note_processing(Call *call);
  void note_deferred_processing();

  // --- Receiving (call_receiving.cpp).
  /// `hash`: the message's retransmission hash when the caller made it.
  void process_incoming(Call *call, std::string_view raw, const SipMessage &msg,
                        std::optional<uint64_t> hash = std::nullopt);
  /// The peer's retransmission of a message: counted and answered; true
  /// when `raw` was one.
  bool handle_peer_retransmission(Call *call, uint64_t hash);
  /// No element takes `raw`: _unexp.main, an automatic answer, or SIPp's
  /// unexpected-message rule.
  void handle_unmatched(Call *call, std::string_view raw, const ReceivedKey &key);
  /// Element `found` takes `raw`.
  void accept_received(Call *call, std::string_view raw, int found, const ReceivedKey &key,
                       uint64_t hash);
  /// Runs the actions of receive element `index` on `msg` (a SIP message or
  /// a 3PCC command); false when they ended the call.
  bool run_receive_actions(Call *call, int index, std::string_view msg);
  /// What a received message does to our retransmission timer.
  void follow_retransmission_rule(Call *call, RetransmissionStop stop);
  /// Renders element `index`'s message for `call` into `out`.
  void render_state(Call *call, int index, MessageBuffer &out);
  /// A parsed message to `call` (of `id`), or to on_unknown_call.
  void dispatch(Call *call, std::string_view id, std::string_view raw, const SipMessage &msg,
                const boost::asio::ip::udp::endpoint &from, const std::shared_ptr<Connection> &conn,
                std::optional<uint64_t> hash);
  /// The main engine hands a message it parsed, and its observers saw, to
  /// this out-of-call engine.
  void take_over(std::string_view id, std::string_view raw, const SipMessage &msg,
                 const boost::asio::ip::udp::endpoint &from,
                 const std::shared_ptr<Connection> &conn);
  /// A message for a Call-ID this engine does not hold.
  void on_unknown_call(std::string_view id, std::string_view raw, const SipMessage &msg,
                       const boost::asio::ip::udp::endpoint &from,
                       const std::shared_ptr<Connection> &conn);
  void process_command(Call *call, std::string_view text);

  CallEnvironment env_;
  Renderer renderer_;
  ActionRunner actions_;
  ReceiveMatcher matcher_;
  DefaultBehaviours behaviours_;
  TimerWheel wheel_;
  std::vector<Call *> due_; ///< on_tick's calls whose timer fired, kept to reuse its memory
  bool quitting_ = false;
  bool commands_start_calls_ = false;
  CallEngine *ooc_ = nullptr;
  CallTable calls_;
  DeadCallTable dead_calls_;
  /// Ended calls, given back to the pool when the engine's outermost entry
  /// point returns.
  std::vector<std::unique_ptr<Call>> graveyard_;
  CallPool pool_;
  int entry_depth_ = 0;
  MessageBuffer buf_;
  std::optional<boost::asio::ip::udp::endpoint> client_peer_; ///< client_peer(), once made
  /// Receives reached right after another element: SIPp writes their
  /// -trace_calldebug line on its next loop turn, if the call still waits.
  struct DeferredNote {
    std::string call_id;
    int32_t index;
    uint64_t at_ms;
  };
  std::vector<DeferredNote> deferred_notes_;
  /// This run() of a call has sent a message (wait_turn).
  bool sent_this_run_ = false;
};

} // namespace gossipper::runtime
