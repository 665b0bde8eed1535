//===- call_engine.hpp - SIPp's call state machine, per shard --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Runs the calls of one shard the way SIPp 3.6.1 runs them: executing
// scenario elements, matching received messages to <recv> elements,
// retransmitting, detecting the peer's retransmissions, aborting with SIPp's
// default messages, counting outcomes with SIPp's counters. The per-state
// work (message bytes, actions) is delegated to a gsp_program; the bytes go
// out through a Transport. Logic only: no socket or thread is created here.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/ir/call_layout.hpp"
#include "gossipper/ir/header_needs.hpp"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "call/call.hpp"
#include "call/call_table.hpp"
#include "call/dynamic_id.hpp"
#include "trace/error_code_log.hpp"
#include "sip/header_lookup.hpp"
#include "call/header_slot_cache.hpp"
#include "call/message_buffer.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "sip/sip_message.hpp"
#include "stats/stats.hpp"
#include "gossipper/runtime/tdm_map.hpp"
#include "engine/timer_wheel.hpp"
#include "trace/trace_log.hpp"
#include "gossipper/stdlib/injection_file.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <regex.h>
#include <string>
#include <unordered_map>
#include <vector>

namespace gossipper::runtime {

/// How a call's bytes leave. Implemented by the UDP and TCP transports (and by
/// scripted peers in tests).
class Transport {
public:
  virtual ~Transport() = default;
  /// Sends `bytes` to the call's peer; false on a hard error.
  virtual bool send(Call &call, std::string_view bytes) = 0;
  /// The call is being destroyed: drop what it holds (its own socket...).
  virtual void release(Call &call) = 0;
  /// [local_port] for this call. A client call with a socket of its own
  /// (-t un, tn) gets it now, as in SIPp, so its first message names it.
  [[nodiscard]] virtual uint16_t local_port(Call &call) = 0;
  /// [local_port] when every call of the run has the same (one socket):
  /// then it is copied like a run constant instead of formatted per message.
  [[nodiscard]] virtual std::optional<uint16_t> run_local_port() const { return std::nullopt; }
  /// <closecon>: closes the call's connection now; its next message opens
  /// another (-t tn) or fails, as in SIPp.
  virtual void close_connection(Call &call) = 0;
  /// <setdest>: later messages of the call go to `peer` over `tcp` or UDP.
  /// Returns SIPp's reason when the change is impossible.
  virtual std::optional<std::string>
  set_destination(Call &call, const boost::asio::ip::udp::endpoint &peer, bool tcp) = 0;
};

/// Everything the shards share, read-only during the run.
struct EngineContext {
  const RunConfig *config = nullptr;
  const ir::Scenario *scenario = nullptr;
  const ir::TemplateTable *templates = nullptr;
  const gsp_program *program = nullptr;
  /// Injection files by name as given with -inf; the first is the default.
  std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>> injection_files;
  /// -trace_msg and -trace_shortmsg files (null: not traced).
  /// The main thread turns them on and off ("trace messages on"): atomic.
  std::atomic<TraceLog *> messages{nullptr};
  std::atomic<TraceLog *> short_messages{nullptr};
  /// -trace_calldebug (null: not traced).
  TraceLog *call_debug = nullptr;
  /// -trace_error_codes (null: not traced).
  ErrorCodeLog *error_codes = nullptr;
  /// -trace_rtt, and the steady-clock time its dates count from (µs).
  TraceLog *rtt = nullptr;
  uint64_t rtt_origin_us = 0;
  /// -tdmmap's circuits, shared by the shards (null: no -tdmmap).
  TdmMap *tdm_map = nullptr;
  /// The template ids of SIPp's default messages (scenario's own when given).
  uint32_t default_ack = ir::kNoTemplate;
  uint32_t default_bye = ir::kNoTemplate;
  uint32_t default_cancel = ir::kNoTemplate;
  uint32_t default_200 = ir::kNoTemplate;
  uint32_t default_3pcc_abort = ir::kNoTemplate;
  /// Sum of the scenario's pause durations, for SIPp's default -l.
  uint64_t scenario_duration_ms = 0;
  /// SIPp's global call number, shared by the shards (server calls take one).
  std::atomic<uint32_t> *next_number = nullptr;
  /// [dynamic_id]'s counter, shared by the shards (null: SIPp's defaults,
  /// per engine).
  DynamicIdCounter *dynamic_id = nullptr;
  /// <Global> and <User> values (null: the scenario has none).
  ScenarioVariables *variables = nullptr;
};

/// Things a call can ask of the whole process.
struct EngineHooks {
  std::function<void()> stop_gracefully; ///< int_cmd stop_gracefully
  std::function<void()> stop_now;        ///< int_cmd stop_now
  std::function<void(const std::string &)> warning;
  std::function<void(const std::string &)> log; ///< <log> with -trace_logs
  std::function<void(uint32_t)> free_user;      ///< -users: a call's user is free again
  std::function<uint32_t()> users;              ///< -users: the current number, for [users]
  /// 3PCC: sends a command to the -3pcc twin (dest empty) or to the named
  /// extended-3PCC peer; false when it cannot.
  std::function<bool(std::string_view dest, std::string_view text)> send_command;
};

class CallEngine {
public:
  CallEngine(const EngineContext &ctx, uint32_t shard, Transport &transport, Stats &stats,
             EngineHooks hooks);
  ~CallEngine();
  CallEngine(const CallEngine &) = delete;
  CallEngine &operator=(const CallEngine &) = delete;

  /// Milliseconds on this shard's clock; set once per loop turn.
  void set_now(uint64_t now_ms);
  [[nodiscard]] uint64_t now() const { return now_ms_; }

  /// Runs the scenario's <init> once, before any call, as SIPp does at
  /// start: its actions set <Global> values; it counts in no statistic.
  void run_init();
  /// Opens a client call with SIPp call number `number`.
  void start_outgoing_call(uint32_t number, const std::string &call_id, uint32_t user_id = 0);
  /// A message received for this shard. `conn` is the TCP connection it came
  /// on (null for UDP); `from` is the source address.
  void on_message(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
                  const std::shared_ptr<Connection> &conn);
  /// Fires due timers and runs the calls they wake.
  void on_tick();
  /// A TCP connection closed: the calls on it end (SIPp's tcpClose).
  void on_connection_closed(const Connection *conn);
  /// Q: every call is aborted as SIPp's call::abort() does.
  void abort_all();
  /// "dump tasks": a line per open and dead call, in SIPp's words.
  void dump_tasks(const std::function<void(const std::string &)> &out) const;
  [[nodiscard]] size_t dead_calls() const { return dead_calls_.size(); }
  /// A queued send of this call was refused by the kernel after the call had
  /// moved on: the call fails as if the send had failed synchronously.
  void on_send_failed(const std::string &call_id);

  [[nodiscard]] size_t open_calls() const { return calls_.size(); }
  /// -oocsf: requests for no known call (client mode) go to `ooc`.
  void set_out_of_call(CallEngine *ooc) { ooc_ = ooc; }
  /// The out-of-call engine: every unknown Call-ID makes a call, whatever
  /// the scenario's first element (SIPp's "automatic" calls).
  void set_automatic() { automatic_ = true; }
  /// -3pcc controller B: a command for no known call starts a client call
  /// with the command's Call-ID, as in SIPp.
  void set_commands_start_calls() { commands_start_calls_ = true; }
  /// A command from the 3PCC twin (without its ESC).
  void on_command(std::string_view text);
  /// Gives a new call its line of every -inf file.
  void assign_injection_lines(Call &call);
  /// How many -inf lines a call of this engine reads: none for the calls
  /// answering out-of-call requests, which must not make the others skip.
  [[nodiscard]] uint32_t injection_files() const {
    return automatic_ ? 0 : static_cast<uint32_t>(ctx_.injection_files.size());
  }
  /// -tdmmap: gives a new call a circuit; with none free, the call is counted
  /// failed (outbound congestion) and freed, and this returns false.
  bool take_circuit(Call *call);
  /// A live or dead call of this engine has this Call-ID.
  [[nodiscard]] bool knows(std::string_view call_id) const {
    return calls_.contains(call_id) || dead_calls_.contains(call_id);
  }
  [[nodiscard]] bool quitting() const { return quitting_; }
  void set_quitting() { quitting_ = true; }

  // For the services trampolines (one engine per thread).
  static thread_local CallEngine *current;

private:
  friend struct Services;

  /// Every entry point: sets `current` and frees the calls that ended once
  /// the outermost one returns.
  class EntryGuard {
  public:
    explicit EntryGuard(CallEngine &e);
    ~EntryGuard();
    EntryGuard(const EntryGuard &) = delete;
    EntryGuard &operator=(const EntryGuard &) = delete;

  private:
    CallEngine &engine_;
    CallEngine *previous_;
  };

  // --- lifecycle
  Call *new_call(std::string id, uint32_t number, uint32_t user_id = 0);
  /// Ends `call`; `make_dead` remembers it for -deadcall_wait, with why.
  void destroy(Call *call, bool make_dead, const char *dead_reason = "", int32_t dead_index = -1);
  void count_end(Call *call, EndReason reason);
  void terminate(Call *call, EndReason reason);
  void abort_call(Call *call);
  void reject_call(Call *call);

  // --- running
  void run(Call *call);
  /// One scenario element; false when the call waits or no longer exists.
  /// `first`: the element the call woke up for (not one reached after it).
  bool step(Call *call, bool first = true);
  /// -trace_calldebug's "Processing message N of type T" line.
  void debug_processing(Call *call);
  /// Receives reached right after another element: SIPp writes their line on
  /// its next loop turn, if the call still waits there.
  struct DeferredDebug {
    std::string call_id;
    int32_t index;
    uint64_t at_ms;
  };
  std::vector<DeferredDebug> deferred_debug_;
  bool advance(Call *call); ///< SIPp's next(); false when the call ended
  void schedule(Call *call);
  bool retransmit(Call *call); ///< false when the call no longer exists
  bool execute_send(Call *call, int index);
  bool execute_recv(Call *call, int index);
  void bookkeeping(Call *call, const ir::State &st);
  uint64_t pause_duration(Call *call, const ir::PauseState &p);
  double sample(const ir::Distribution &d);

  // --- sending
  void render(Call *call, uint32_t template_id, int32_t p_index, MessageBuffer &out);
  /// Writes the credentials [authentication] asked for (authentication.cpp).
  void fill_authentication(Call *call, MessageBuffer &out);
  /// <verifyauth>: the Authorization of the request being received, checked.
  bool verify_authorization(const std::string &user, const std::string &password);
  bool send_state(Call *call, int index);
  bool send_default(Call *call, uint32_t template_id, int32_t p_index);
  bool send_raw(Call *call, std::string_view bytes, int index);
  bool lost(const ir::State *st);

  // --- receiving
  void process_incoming(Call *call, std::string_view raw, const SipMessage &msg);
  [[nodiscard]] bool matches(const Call *call, int index, int reply_code, std::string_view method,
                             std::string_view cseq_method, std::string_view branch) const;
  void process_unexpected(Call *call, std::string_view raw, int reply_code);
  /// BYE, CANCEL, PING, -aa: true when handled (the call may be gone).
  bool automatic_response(Call *call, std::string_view raw, std::string_view method, bool &alive);
  void record_routes(Call *call, std::string_view raw, bool is_request);
  uint64_t hash(std::string_view raw) const;
  /// SIPp's hash of the same bytes, the one its -trace_calldebug prints.
  [[nodiscard]] uint64_t sipp_hash(std::string_view raw) const;

  // --- services (see Services in call_engine.cpp)
  void render_keyword(Call *call, MessageBuffer &out, uint32_t keyword, int32_t offset,
                      std::string_view name);
  int run_action(Call *call, uint32_t state, uint32_t action);

  const ir::State &state(int index) const;
  [[nodiscard]] size_t state_count() const { return ctx_.scenario->states.size(); }
  void warn(const std::string &text);
  /// An error SIPp treats as fatal: counted, logged, and the run stops.
  void fatal(const std::string &text);
  bool execute_send_command(Call *call, int index);
  void trace_rtt(size_t rtd, uint64_t stop_us, uint64_t took_us);
  /// Writes the -trace_rtt samples kept so far.
  void flush_rtt();
  /// -trace_calldebug: a line of the call's history (SIPp's callDebug).
  void call_debug(Call *call, const std::string &text);
  [[nodiscard]] bool tracing_messages() const {
    return ctx_.messages.load(std::memory_order_relaxed) != nullptr ||
           ctx_.short_messages.load(std::memory_order_relaxed) != nullptr;
  }
  /// -trace_msg / -trace_shortmsg: a message we send or receive.
  void trace_message(bool sent, std::string_view call_id, std::string_view raw);
  /// Runs the actions of receive element `index` on `msg` (a SIP message or
  /// a 3PCC command); false when they ended the call.
  bool run_receive_actions(Call *call, int index, std::string_view msg);
  /// A <recv> or <recvCmd> waiting: arms its timeout, or handles it expiring.
  bool wait_receive(Call *call, int index, uint32_t timeout_ms);
  void process_command(Call *call, std::string_view text);
  /// SIPp tells the twin when it aborts a call that got past its start.
  void abort_twin(Call *call);
  void set_destination(Call *call, const std::string &host, const std::string &port,
                       const std::string &protocol);
  template <class Render>
  void run_injection_action(Call *call, const ir::InjectionFileAction &a,
                            const Render &render_text);

  const EngineContext &ctx_;
  const RunConfig &cfg_;
  uint32_t shard_;
  Transport &transport_;
  Stats &stats_;
  EngineHooks hooks_;
  TimerWheel wheel_;
  std::vector<Call *> due_; ///< on_tick's calls whose timer fired, kept to reuse its memory
  uint64_t now_ms_ = 0;
  /// The steady clock (ms) when the engine was made: -trace_calldebug dates
  /// scheduler lines from it, as SIPp's clock_tick counts from its start.
  uint64_t origin_ms_ =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now().time_since_epoch())
                                .count());
  [[nodiscard]] uint64_t since_origin(uint64_t ms) const {
    return ms > origin_ms_ ? ms - origin_ms_ : 0;
  }
  bool quitting_ = false;
  bool automatic_ = false;
  bool commands_start_calls_ = false;
  CallEngine *ooc_ = nullptr;

  CallTable calls_;
  /// The line index of the last received message rendered from.
  HeaderLinesCache recv_lines_;
  /// The headers the scenario reads, by slot, and their values for the
  /// last message rendered from.
  ir::HeaderNeeds header_needs_;
  /// The variables a call holds (those the scenario reads).
  ir::CallLayout layout_;
  HeaderSlotCache header_slots_;
  uint64_t recv_serial_ = 0;
  /// Makes `raw` the call's last received message, with a new serial.
  void store_received(Call *call, std::string_view raw) {
    call->last_recv_msg.assign(raw);
    call->recv_serial = ++recv_serial_;
  }
  /// Ended calls, freed when the engine's outermost entry point returns.
  std::vector<std::unique_ptr<Call>> graveyard_;
  int entry_depth_ = 0;
  DeadCallTable dead_calls_;

  /// Regexes compiled once per shard (glibc's regexec locks per regex_t).
  std::vector<std::vector<std::unique_ptr<regex_t, void (*)(regex_t *)>>> regexes_;
  std::vector<std::unique_ptr<regex_t, void (*)(regex_t *)>> request_regexes_;
  // Keyword texts fixed for the run (offset 0), made once, by keyword.
  std::array<std::string, static_cast<size_t>(ir::Keyword::Crypto) + 1> run_constant_;
  /// The same texts as the ABI hands them to generated code; data null for
  /// keywords that depend on the call.
  std::array<gsp_text, static_cast<size_t>(ir::Keyword::Crypto) + 1> run_texts_{};
  std::mt19937_64 rng_;
  /// [dynamic_id] when the context shares none (an engine on its own).
  DynamicIdCounter own_dynamic_id_{cfg_.dynamic_start, cfg_.dynamic_max, cfg_.dynamic_step};
  MessageBuffer buf_;
  /// The message actions look at: the one received, or the one just sent.
  std::string_view action_msg_;
  std::string rtt_pending_; ///< -trace_rtt samples waiting for -rtt_freq
  uint32_t rtt_samples_ = 0;
  gsp_services services_{};
};

} // namespace gossipper::runtime
