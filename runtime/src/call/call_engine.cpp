//===- call_engine.cpp - SIPp's call state machine, per shard -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Section numbers (§) refer to the behaviour of SIPp 3.6.1's call.cpp as
// written down for this project; where SIPp has a defect that helps no one
// (a call counted neither successful nor failed, a lost race at TCP close),
// the comment says what we do instead.
//
//===----------------------------------------------------------------------===//
#include "call/call_engine.hpp"
#include "sip/byte_hash.hpp"
#include "sip/call_routing.hpp"
#include "transport/connection.hpp"
#include "sip/retransmission_hash.hpp"
#include "gossipper/runtime/run_constants.hpp"

#include "sip/header_lookup.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <strings.h>
#include <sys/time.h>

namespace gossipper::runtime {

thread_local CallEngine *CallEngine::current = nullptr;

namespace {

uint64_t wall_us() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

void free_regex(regex_t *r) {
  if (r != nullptr) {
    regfree(r);
    delete r;
  }
}

std::unique_ptr<regex_t, void (*)(regex_t *)> compile(const std::string &pattern, int flags) {
  auto *r = new regex_t;
  if (regcomp(r, pattern.c_str(), REG_EXTENDED | flags) != 0) {
    delete r;
    return {nullptr, &free_regex};
  }
  return {r, &free_regex};
}

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

/// The branch parameter of the first Via.
std::string top_via_branch(std::string_view raw) {
  std::string via = sipp_get_header(raw, "Via:", true);
  size_t comma = via.find(',');
  std::string_view first = std::string_view(via).substr(0, comma);
  std::string_view b = header_param(first, "branch");
  return std::string(b);
}

} // namespace

//===----------------------------------------------------------------------===//
// Services: the gsp_services table, trampolines into the current engine.
//===----------------------------------------------------------------------===//

struct Services {
  static void literal(gsp_buf *out, const char *data, size_t size) {
    append_literal(*out, data, size);
  }
  static void keyword(gsp_call *call, gsp_buf *out, uint32_t kw, int32_t offset, const char *name,
                      size_t size) {
    CallEngine::current->render_keyword(call, *out, kw, offset, std::string_view(name, size));
  }
  static void last_header(gsp_call *call, gsp_buf *out, const char *name, size_t size,
                          uint32_t slot) {
    CallEngine &e = *CallEngine::current;
    if (!call->last_recv_msg.empty()) {
      if (slot < e.header_slots_.size()) {
        out->data +=
            e.header_slots_.value(call->recv_serial, slot, [&](std::vector<std::string> &v) {
              sipp_get_headers(call->last_recv_msg, e.header_needs_.names, v);
            });
      } else {
        std::string_view n(name, size);
        std::string with_colon;
        if (n.empty() || n.back() != ':') {
          with_colon = ir::header_lookup_name(n);
          n = with_colon;
        }
        out->data += sipp_get_header(
            call->last_recv_msg, e.recv_lines_.lines_for(call->recv_serial, call->last_recv_msg), n,
            false);
      }
    }
    out->note_keyword_end();
  }
  static void variable(gsp_call *call, gsp_buf *out, uint32_t var, int32_t) {
    if (var < call->vars.size()) {
      call->vars[var].render(out->data);
    }
    out->note_keyword_end();
  }
  static void field(gsp_call *call, gsp_buf *out, uint32_t field, const char *file, size_t size,
                    uint32_t line_template) {
    CallEngine &e = *CallEngine::current;
    const auto &files = e.ctx_.injection_files;
    std::string_view want(file, size);
    size_t index = 0;
    while (index < files.size() && !want.empty() && files[index].first != want) {
      ++index;
    }
    if (index < files.size() && index < call->words.inf_files()) {
      const stdlib::InjectionFile &f = *files[index].second;
      long line = call->words.inf_line(index);
      if (line_template != ir::kNoTemplate) {
        // SIPp: line="…" rendered and read as a number; past the end reads nothing.
        MessageBuffer tmp;
        e.ctx_.program->render(e.ctx_.program->self, &e.services_, call, &tmp, line_template);
        line = static_cast<long>(std::strtod(tmp.data.c_str(), nullptr));
        if (line > f.line_count()) {
          line = -1;
        }
      }
      size_t before = out->data.size();
      f.append_field(line, field, out->data);
      // SIPp expands an [authentication ...] that a field holds.
      size_t at = out->data.find("[authentication", before);
      size_t close = at == std::string::npos ? at : out->data.find(']', at);
      if (close != std::string::npos && out->auth_marker == std::string::npos) {
        out->auth_marker = at;
        out->auth_keyword = out->data.substr(at, close + 1 - at);
        out->auth_templates.fill(ir::kNoTemplate);
      }
    }
    out->note_keyword_end();
  }
  static void file(gsp_call *call, gsp_buf *out, uint32_t name_template) {
    CallEngine &e = *CallEngine::current;
    MessageBuffer name;
    e.ctx_.program->render(e.ctx_.program->self, &e.services_, call, &name, name_template);
    std::FILE *f = std::fopen(name.data.c_str(), "rb");
    if (f == nullptr) {
      e.warn("[file]: cannot open '" + name.data + "': " + std::strerror(errno));
      return;
    }
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
      out->data.append(buf, n);
    }
    std::fclose(f);
  }
  static void fill(gsp_call *call, gsp_buf *out, uint32_t var, const char *text, size_t size) {
    if (var >= call->vars.size() || size == 0) {
      return;
    }
    auto length = static_cast<long>(call->vars[var].as_double());
    for (long i = 0; i < length; ++i) {
      out->data += text[static_cast<size_t>(i) % size];
    }
  }
  static void authentication(gsp_call *, gsp_buf *out, const uint32_t *templates) {
    // Filled in once the whole message is written (authentication.cpp).
    out->auth_marker = out->data.size();
    std::copy(templates, templates + 5, out->auth_templates.begin());
  }
  static void custom_key(gsp_call *, gsp_buf *out, const char *name, size_t size) {
    const RunConfig &cfg = *CallEngine::current->ctx_.config;
    auto it = cfg.keys.find(std::string(name, size));
    if (it != cfg.keys.end()) {
      append_literal(*out, it->second.data(), it->second.size());
    }
  }
  static void text(gsp_buf *out, const char *data, size_t size) { out->data.append(data, size); }
  static int action(gsp_call *call, uint32_t state, uint32_t action) {
    return CallEngine::current->run_action(call, state, action);
  }
};

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

CallEngine::CallEngine(const EngineContext &ctx, uint32_t shard, Transport &transport, Stats &stats,
                       EngineHooks hooks)
    : ctx_(ctx), cfg_(*ctx.config), shard_(shard), transport_(transport), stats_(stats),
      hooks_(std::move(hooks)), rng_(0x9e3779b97f4a7c15ULL ^ shard) {
  services_.abi_version = GSP_ABI_VERSION;
  services_.literal = &Services::literal;
  services_.keyword = &Services::keyword;
  services_.last_header = &Services::last_header;
  services_.variable = &Services::variable;
  services_.field = &Services::field;
  services_.file = &Services::file;
  services_.fill = &Services::fill;
  services_.authentication = &Services::authentication;
  services_.custom_key = &Services::custom_key;
  services_.action = &Services::action;
  if (ctx.templates != nullptr) {
    header_needs_ = ir::header_needs(*ctx.templates);
    header_slots_.resize(header_needs_.names.size());
    layout_ = ir::call_layout(*ctx.scenario, *ctx.templates);
  }

  const ir::Scenario &s = *ctx.scenario;
  size_t all = s.states.size() + s.init_states.size();
  regexes_.resize(all);
  for (uint32_t kw = 0; kw <= static_cast<uint32_t>(ir::Keyword::Crypto); ++kw) {
    if (auto text = run_constant_text(cfg_, static_cast<ir::Keyword>(kw), 0)) {
      run_constant_[kw] = std::move(*text);
      run_texts_[kw] = {run_constant_[kw].data(), run_constant_[kw].size()};
    }
  }
  if (std::optional<uint16_t> port = transport_.run_local_port()) {
    auto kw = static_cast<size_t>(ir::Keyword::LocalPort);
    run_constant_[kw] = std::to_string(*port);
    run_texts_[kw] = {run_constant_[kw].data(), run_constant_[kw].size()};
  }
  services_.text = &Services::text;
  services_.run_texts = run_texts_.data();
  services_.run_text_count = static_cast<uint32_t>(run_texts_.size());
  request_regexes_.reserve(s.states.size());
  for (size_t i = 0; i < all; ++i) {
    const ir::State &st = i < s.states.size() ? s.states[i] : s.init_states[i - s.states.size()];
    for (const ir::Action &a : st.actions) {
      if (const auto *e = std::get_if<ir::EregAction>(&a.body)) {
        regexes_[i].push_back(compile(e->regex, 0));
      } else {
        regexes_[i].push_back({nullptr, &free_regex});
      }
    }
  }
  for (const ir::State &st : s.states) {
    const auto *r = std::get_if<ir::RecvState>(&st.body);
    if (r != nullptr && r->regexp_match) {
      request_regexes_.push_back(
          compile(r->request.empty() ? r->response_text : r->request, REG_NOSUB));
    } else {
      request_regexes_.push_back({nullptr, &free_regex});
    }
  }
}

CallEngine::~CallEngine() {
  // Calls still open at exit are released without being counted.
  calls_.for_each([this](Call &call) { transport_.release(call); });
  flush_rtt(); // the samples short of -rtt_freq: the file ends complete
}

void CallEngine::set_now(uint64_t now_ms) { now_ms_ = now_ms; }

const ir::State &CallEngine::state(int index) const {
  return ctx_.scenario->states[static_cast<size_t>(index)];
}

void CallEngine::warn(const std::string &text) {
  stats_[Counter::Warnings].add();
  if (hooks_.warning) {
    hooks_.warning(text);
  }
}

//===----------------------------------------------------------------------===//
// Lifecycle
//===----------------------------------------------------------------------===//

Call *CallEngine::new_call(std::string id, uint32_t number, uint32_t user_id) {
  auto call = std::make_unique<Call>();
  Call *c = call.get();
  c->id = std::move(id);
  c->number = number;
  c->shard = shard_;
  c->start_ms = now_ms_;
  c->cseq = cfg_.base_cseq == 0 ? 0 : cfg_.base_cseq - 1;
  const ir::Scenario &s = *ctx_.scenario;
  c->user_id = user_id;
  c->vars.init(layout_, ctx_.variables, user_id);
  c->words.init(static_cast<uint32_t>(s.rtds.size()), injection_files(), wall_us());
  assign_injection_lines(*c);
  if (ctx_.call_debug != nullptr) {
    call_debug(c, "Starting call " + c->id + "\n");
  }
  c->txn_branch.resize(s.transactions.size());
  calls_.insert(std::move(call));
  return c;
}

void CallEngine::assign_injection_lines(Call &call) {
  if (injection_files() == 0) {
    return;
  }
  for (size_t f = 0; f < ctx_.injection_files.size(); ++f) {
    call.words.set_inf_line(f, ctx_.injection_files[f].second->next_line(call.user_id, rng_()));
  }
  if (cfg_.transport == TransportMode::UdpPerIp) {
    ctx_.injection_files.front().second->append_field(
        call.words.inf_line(0), static_cast<unsigned>(cfg_.ip_field), call.extras().source_ip);
  }
}

bool CallEngine::take_circuit(Call *call) {
  if (ctx_.tdm_map == nullptr || automatic_) {
    return true;
  }
  std::optional<uint32_t> circuit = ctx_.tdm_map->take(rng_());
  if (!circuit) {
    warn("Can't create new outgoing call: all tdm_map circuits busy");
    stats_[Counter::FailedCall].add();
    stats_[Counter::FailedOutboundCongestion].add();
    destroy(call, false);
    return false;
  }
  call->tdm_circuit = static_cast<int32_t>(*circuit);
  return true;
}

void CallEngine::destroy(Call *call, bool make_dead, const char *dead_reason, int32_t dead_index) {
  wheel_.cancel(call->timer);
  if (call->tdm_circuit >= 0 && ctx_.tdm_map != nullptr) {
    ctx_.tdm_map->give_back(static_cast<uint32_t>(call->tdm_circuit));
    call->tdm_circuit = -1;
  }
  if (call->user_id != 0 && hooks_.free_user) {
    hooks_.free_user(call->user_id);
    call->user_id = 0;
  }
  stats_.call_length.record((now_ms_ - call->start_ms) * 1000,
                            ctx_.scenario->call_length_repartition.bounds_ms);
  transport_.release(*call);
  if (make_dead && cfg_.deadcall_wait_ms != 0) {
    dead_calls_.add(call->id, now_ms_ + cfg_.deadcall_wait_ms, dead_reason, dead_index);
  }
  if (std::unique_ptr<Call> owned = calls_.take(call)) {
    call->destroyed = true;
    graveyard_.push_back(std::move(owned));
  }
}

CallEngine::EntryGuard::EntryGuard(CallEngine &e) : engine_(e), previous_(current) {
  current = &e;
  ++e.entry_depth_;
}

CallEngine::EntryGuard::~EntryGuard() {
  if (--engine_.entry_depth_ == 0) {
    engine_.graveyard_.clear();
  }
  current = previous_;
}

void CallEngine::on_send_failed(const std::string &call_id) {
  EntryGuard entry(*this);
  Call *call = calls_.find(call_id);
  if (call == nullptr) {
    return; // already over: nothing left to fail
  }
  count_end(call, EndReason::CannotSendMessage);
  destroy(call, false);
}

void CallEngine::count_end(Call *, EndReason reason) {
  static constexpr Counter specific[] = {
      Counter::SuccessfulCall,      Counter::FailedCannotSendMessage,
      Counter::FailedMaxUDPRetrans, Counter::FailedTcpConnect,
      Counter::FailedTcpClosed,     Counter::FailedUnexpectedMessage,
      Counter::FailedCallRejected,  Counter::FailedCmdNotSent,
      Counter::FailedTimeoutOnRecv, Counter::FailedTimeoutOnSend,
      Counter::AbortedCalls};
  if (reason == EndReason::Success) {
    stats_[Counter::SuccessfulCall].add();
    return;
  }
  stats_[Counter::FailedCall].add();
  stats_[specific[static_cast<size_t>(reason)]].add();
}

void CallEngine::terminate(Call *call, EndReason reason) {
  static constexpr std::pair<Counter, const char *> by_result[] = {
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
    stats_[Counter::FailedCall].add();
    stats_[by_result[r].first].add();
    destroy(call, true, by_result[r].second, static_cast<int32_t>(call->msg_index));
    return;
  }
  // SIPp counts a call in <timewait> as successful; we also count one whose
  // last message went out and which is only waiting to enter <timewait>, so a
  // peer closing TCP right after its last call fails none of ours.
  bool in_timewait = call->timewait;
  if (!in_timewait && call->msg_index >= 0 &&
      static_cast<size_t>(call->msg_index) < state_count()) {
    const auto *p = std::get_if<ir::PauseState>(&state(call->msg_index).body);
    in_timewait = p != nullptr && p->timewait;
  }
  if (reason == EndReason::Success || in_timewait) {
    stats_[Counter::SuccessfulCall].add();
    destroy(call, true, "successful");
    return;
  }
  count_end(call, reason);
  destroy(call, true, "failed at index ", static_cast<int32_t>(call->msg_index));
}

void CallEngine::reject_call(Call *call) {
  count_end(call, EndReason::CallRejected);
  destroy(call, false);
}

void CallEngine::abort_call(Call *call) {
  if (ctx_.call_debug != nullptr) {
    call_debug(call,
               "Aborting call " + call->id + " (index " + std::to_string(call->msg_index) + ").\n");
  }
  // §6.6: only a client instance that got past its first element sends.
  bool client = ctx_.scenario->mode != ir::Mode::Server;
  if (client && call->msg_index > 0) {
    bool is_invite = call->last_send_msg.starts_with("INVITE");
    bool alive = true;
    if (!call->call_established && is_invite) {
      if (!call->last_recv_msg.empty()) {
        int code = reply_code(call->last_recv_msg);
        if (code >= 400) {
          alive = send_default(call, ctx_.default_ack, -2);
        } else if (call->ack_is_pending) {
          call->ack_is_pending = false;
          alive =
              send_default(call, ctx_.default_ack, -1) && send_default(call, ctx_.default_bye, -1);
        } else {
          alive = send_default(call, ctx_.default_cancel, -1);
        }
      }
    } else if (!call->last_recv_msg.empty()) {
      alive = send_default(call, ctx_.default_bye, -1);
    }
    if (!alive) {
      return; // the send failed and the call was already counted and freed
    }
  }
  if (ctx_.call_debug != nullptr) {
    // Written once what the abort sent is in the history too, as SIPp does.
    ctx_.call_debug->write(
        "-------------------------------------------------------------------------------\n"
        "Call debugging information for call " +
        call->id + ":\n" + call->peek().debug);
  }
  destroy(call, true, "aborted at index ", static_cast<int32_t>(call->msg_index));
}

void CallEngine::dump_tasks(const std::function<void(const std::string &)> &out) const {
  // SIPp's call::dump and deadcall::dump; times on its clock (ms since start).
  calls_.for_each([&](const Call &c) {
    std::string line = c.id + ": State " + std::to_string(c.msg_index);
    for (auto [what, at] : {std::pair{" (next retrans ", c.next_retrans},
                            std::pair{" (paused until ", c.paused_until},
                            std::pair{" (recv timeout ", c.recv_timeout}}) {
      if (at != 0) {
        line += what + std::to_string(since_origin(at)) + ")";
      }
    }
    out(line);
  });
  dead_calls_.for_each([&](const std::string &id, const std::string &reason, uint64_t expires) {
    out(id + ": Dead Call (" + reason + ") expiring at " + std::to_string(since_origin(expires)));
  });
}

void CallEngine::abort_all() {
  EntryGuard entry(*this);
  std::vector<Call *> all;
  all.reserve(calls_.size());
  calls_.for_each([&all](Call &call) { all.push_back(&call); });
  for (Call *c : all) {
    // SIPp 3.6.1 counts nothing here, which leaves CurrentCall stuck; we count
    // the aborted call as failed so a forced quit ends with true numbers.
    count_end(c, EndReason::Aborted);
    abort_call(c);
  }
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

void CallEngine::run_init() {
  const ir::Scenario &s = *ctx_.scenario;
  if (s.init_states.empty()) {
    return;
  }
  EntryGuard entry(*this);
  // Not in the call table: nothing can reach it but its own actions.
  Call init;
  init.id = "///main-init";
  init.vars.init(layout_, ctx_.variables, 0);
  init.words.init(static_cast<uint32_t>(s.rtds.size()), injection_files(), CallWords::kRtdStopped);
  assign_injection_lines(init); // SIPp's init call takes a line like any call
  init.txn_branch.resize(s.transactions.size());
  const size_t main_states = s.states.size();
  size_t i = 0;
  // <init> holds only <nop> and <label>; a `next` loop is bounded like any
  // runaway scenario would be by SIPp's watchdog, here by a step budget.
  for (uint32_t budget = 1000000; i < s.init_states.size() && budget != 0; --budget) {
    const ir::State &st = s.init_states[i];
    bool exec = st.condexec == ir::kNoVar || init.vars[st.condexec].is_set() != st.condexec_inverse;
    init.msg_index = static_cast<int32_t>(i);
    if (exec && ctx_.program->run_actions(ctx_.program->self, &services_, &init,
                                          static_cast<uint32_t>(main_states + i)) != GSP_OK) {
      break;
    }
    if (init.msg_index != static_cast<int32_t>(i)) { // <jump>: to the element after
      i = static_cast<size_t>(init.msg_index) + 1;
      continue;
    }
    bool take = st.next.present() && st.next.index >= 0 &&
                (st.test == ir::kNoVar || init.vars[st.test].is_set());
    if (take && st.chance) {
      take = std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < *st.chance;
    }
    i = take ? static_cast<size_t>(st.next.index) : i + 1;
  }
}

void CallEngine::start_outgoing_call(uint32_t number, const std::string &call_id,
                                     uint32_t user_id) {
  EntryGuard entry(*this);
  stats_[Counter::OutgoingCall].add();
  Call *call = new_call(call_id, number, user_id);
  if (!take_circuit(call)) {
    return;
  }
  if (cfg_.rsa_host) {
    call->peer = boost::asio::ip::udp::endpoint(boost::asio::ip::make_address(*cfg_.rsa_host),
                                                cfg_.rsa_port);
  } else {
    call->peer = boost::asio::ip::udp::endpoint(boost::asio::ip::make_address(cfg_.remote_ip),
                                                cfg_.remote_port);
  }
  run(call);
}

void CallEngine::on_tick() {
  EntryGuard entry(*this);
  if (!deferred_debug_.empty()) {
    // Those of an earlier tick: the messages read since had their chance.
    auto later =
        std::stable_partition(deferred_debug_.begin(), deferred_debug_.end(),
                              [this](const DeferredDebug &d) { return d.at_ms >= now_ms_; });
    for (auto it = later; it != deferred_debug_.end(); ++it) {
      Call *call = calls_.find(it->call_id);
      if (call != nullptr && call->msg_index == it->index) {
        debug_processing(call);
      }
    }
    deferred_debug_.erase(later, deferred_debug_.end());
  }
  due_.clear();
  wheel_.advance(now_ms_, [&](TimerNode &n) { due_.push_back(reinterpret_cast<Call *>(&n)); });
  size_t ran = 0;
  for (Call *c : due_) {
    // A call run earlier in this batch may have ended this one; its node is
    // then unlinked and it is gone from the table.
    if (c->destroyed) {
      continue;
    }
    if (ran >= std::max(cfg_.max_sched_loops, 1U) && !c->timer.armed()) {
      wheel_.schedule(c->timer, now_ms_); // -max_sched_loops: the next tick runs it
      continue;
    }
    ++ran;
    run(c);
  }
  dead_calls_.expire(now_ms_);
}

void CallEngine::schedule(Call *call) {
  uint64_t wake = 0;
  for (uint64_t t : {call->paused_until, call->next_retrans, call->recv_timeout}) {
    if (t != 0 && (wake == 0 || t < wake)) {
      wake = t;
    }
  }
  if (wake == 0) {
    wheel_.cancel(call->timer);
  } else {
    wheel_.schedule(call->timer, wake);
  }
}

void CallEngine::debug_processing(Call *call) {
  // SIPp's M_type of each kind of state, in StateBody's order.
  static constexpr int kSippType[] = {2, 3, 4, 5, 0, 1};
  static_assert(std::is_same_v<std::variant_alternative_t<0, ir::StateBody>, ir::SendState> &&
                std::is_same_v<std::variant_alternative_t<5, ir::StateBody>, ir::RecvCmdState> &&
                std::variant_size_v<ir::StateBody> == 6);
  call_debug(call, "Processing message " + std::to_string(call->msg_index) + " of type " +
                       std::to_string(kSippType[state(call->msg_index).body.index()]) +
                       " for call " + call->id + " at " + std::to_string(since_origin(now_ms_)) +
                       ".\n");
}

void CallEngine::run(Call *call) {
  // Elements run back to back until the call waits; SIPp runs one per loop
  // turn, which only changes timing.
  for (bool first = true; step(call, first); first = false) {
  }
  if (!call->destroyed) {
    schedule(call);
  }
}

bool CallEngine::step(Call *call, bool first) {
  if (call->msg_index < 0 || static_cast<size_t>(call->msg_index) >= state_count()) {
    terminate(call, EndReason::Success);
    return false;
  }
  const ir::State &st = state(call->msg_index);
  if (ctx_.call_debug != nullptr) {
    if (!first && (std::holds_alternative<ir::RecvState>(st.body) ||
                   std::holds_alternative<ir::RecvCmdState>(st.body))) {
      // SIPp reaches a receive on its next loop turn, after reading what
      // came in meanwhile: the line is written then, if the call still waits.
      deferred_debug_.push_back(DeferredDebug{call->id, call->msg_index, now_ms_});
    } else {
      debug_processing(call);
    }
  }
  if (st.condexec != ir::kNoVar) {
    bool exec = call->vars[st.condexec].is_set();
    if (st.condexec_inverse) {
      exec = !exec;
    }
    if (!exec) {
      if (ctx_.call_debug != nullptr) {
        call_debug(call, "Conditional variable " + ctx_.scenario->variables[st.condexec].name +
                             (st.condexec_inverse ? " " : " not") + " set, so skipping message " +
                             std::to_string(call->msg_index) + ".\n");
      }
      return advance(call);
    }
  }
  if (call->next_retrans != 0 && call->next_retrans <= now_ms_) {
    if (!retransmit(call)) {
      return false;
    }
    if (call->msg_index < 0 || static_cast<size_t>(call->msg_index) >= state_count()) {
      return true; // an ontimeout label past the end: handled above next turn
    }
  }
  if (call->paused_until != 0) {
    if (call->paused_until > now_ms_) {
      return false;
    }
    call->paused_until = 0;
    return advance(call);
  }
  const ir::State &cur = state(call->msg_index);
  uint32_t index = static_cast<uint32_t>(call->msg_index);
  if (const auto *p = std::get_if<ir::PauseState>(&cur.body)) {
    uint64_t duration = pause_duration(call, *p);
    call->paused_until = now_ms_ + duration;
    if (call->paused_until == 0) {
      call->paused_until = 1;
    }
    call->timewait = p->timewait;
    stats_.per_state[index].sessions.add();
    bookkeeping(call, cur);
    ctx_.program->run_actions(ctx_.program->self, &services_, call, index);
    if (ctx_.call_debug != nullptr) {
      call_debug(call, "Pausing call until " + std::to_string(since_origin(call->paused_until)) +
                           " (is now " + std::to_string(since_origin(now_ms_)) + ").\n");
    }
    if (duration == 0) {
      call->paused_until = 0;
      return advance(call);
    }
    return false;
  }
  if (std::holds_alternative<ir::NopState>(cur.body)) {
    if (ctx_.call_debug != nullptr) {
      call_debug(call, "Executing NOP at index " + std::to_string(index) + ".\n");
    }
    bookkeeping(call, cur);
    ctx_.program->run_actions(ctx_.program->self, &services_, call, index);
    return advance(call);
  }
  if (std::holds_alternative<ir::SendState>(cur.body)) {
    return execute_send(call, call->msg_index);
  }
  if (std::holds_alternative<ir::RecvState>(cur.body)) {
    return execute_recv(call, call->msg_index);
  }
  if (std::holds_alternative<ir::SendCmdState>(cur.body)) {
    return execute_send_command(call, call->msg_index);
  }
  // <recvCmd>: waits for the twin's command (on_command), within
  // -recv_timeout as SIPp.
  return wait_receive(call, call->msg_index, 0);
}

//===----------------------------------------------------------------------===//
// 3PCC commands
//===----------------------------------------------------------------------===//

bool CallEngine::execute_send_command(Call *call, int index) {
  if (call->next_retrans != 0) {
    return false; // as SIPp: the previous message first
  }
  const ir::State &st = state(index);
  const auto &cmd = std::get<ir::SendCmdState>(st.body);
  MessageBuffer out;
  render(call, ctx_.templates->state_message[static_cast<size_t>(index)], index, out);
  if (!hooks_.send_command || !hooks_.send_command(cmd.dest, out.data)) {
    count_end(call, EndReason::CmdNotSent);
    destroy(call, false);
    return false;
  }
  stats_.per_state[static_cast<size_t>(index)].sent.add();
  bookkeeping(call, st);
  ctx_.program->run_actions(ctx_.program->self, &services_, call, static_cast<uint32_t>(index));
  if (call->destroyed) {
    return false;
  }
  return advance(call);
}

namespace {

/// Extended 3PCC: the sender is the first word after "From:" (SIPp's
/// check_peer_src).
std::string_view command_sender(std::string_view text) {
  size_t at = text.find("From:");
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view v = text.substr(at + 5);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
    v.remove_prefix(1);
  }
  return v.substr(0, v.find_first_of(" \t\r\n"));
}

/// SIPp's checkInternalCmd: "internal-cmd: abort_call" followed by a blank.
bool is_abort_command(std::string_view text) {
  size_t at = text.find("internal-cmd:");
  if (at == std::string_view::npos) {
    return false;
  }
  std::string_view v = text.substr(at + 13);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
    v.remove_prefix(1);
  }
  size_t end = v.find_first_of(" \t\r\n");
  return end != std::string_view::npos && v.substr(0, end) == "abort_call";
}

} // namespace

void CallEngine::on_command(std::string_view text) {
  EntryGuard entry(*this);
  std::string_view id = route_call_id(text, cfg_.callid_slash_ign);
  if (id.empty()) {
    warn("3PCC command without Call-ID discarded");
    return;
  }
  Call *call = calls_.find(id);
  if (call == nullptr) {
    if (!commands_start_calls_ || quitting_) {
      stats_[Counter::OutOfCallMsgs].add();
      warn("Discarding 3PCC command which can't be mapped to a known call: " + std::string(id));
      return;
    }
    // Controller B: the twin's command opens our leg of its call.
    stats_[Counter::OutgoingCall].add();
    uint32_t number = ctx_.next_number != nullptr ? ctx_.next_number->fetch_add(1) : 0;
    call = new_call(std::string(id), number);
    if (!take_circuit(call)) {
      return;
    }
    call->peer = boost::asio::ip::udp::endpoint(
        boost::asio::ip::make_address(cfg_.rsa_host ? *cfg_.rsa_host : cfg_.remote_ip),
        cfg_.rsa_host ? cfg_.rsa_port : cfg_.remote_port);
  }
  process_command(call, text);
  if (!call->destroyed) {
    run(call);
  }
}

void CallEngine::process_command(Call *call, std::string_view text) {
  if (is_abort_command(text)) {
    // The twin's leg failed: SIPp counts ours failed and aborts it.
    stats_[Counter::FailedCall].add();
    abort_call(call);
    return;
  }
  // The first <recvCmd> ahead, past optional elements and nops (SIPp's rule).
  int found = -1;
  for (int i = call->msg_index; static_cast<size_t>(i) < state_count(); ++i) {
    const ir::State &st = state(i);
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
    warn("Unexpected 3PCC command for Call-Id '" + call->id + "' (index " +
         std::to_string(call->msg_index) + "): the call is rejected");
    reject_call(call);
    return;
  }
  const ir::State &st = state(found);
  const auto &recv = std::get<ir::RecvCmdState>(st.body);
  if (!recv.src.empty() && command_sender(text) != recv.src) {
    warn("Unexpected sender for the received peer message (call " + call->id + ", expected " +
         recv.src + ")");
    reject_call(call);
    return;
  }
  stats_.per_state[static_cast<size_t>(found)].recv.add();
  bookkeeping(call, st);
  // The trailing CRLFs carry the command, not its content (SIPp strips them).
  std::string_view body = text;
  while (body.size() >= 2 && body.substr(body.size() - 2) == "\r\n") {
    body.remove_suffix(2);
  }
  if (!run_receive_actions(call, found, body)) {
    return;
  }
  call->paused_until = 0;
  call->msg_index = found;
  advance(call);
}

void CallEngine::abort_twin(Call *call) {
  if (!hooks_.send_command || call->msg_index <= 0 || ctx_.default_3pcc_abort == ir::kNoTemplate) {
    return;
  }
  MessageBuffer out;
  render(call, ctx_.default_3pcc_abort, -1, out);
  hooks_.send_command({}, out.data);
}

uint64_t CallEngine::pause_duration(Call *call, const ir::PauseState &p) {
  double v = p.variable != ir::kNoVar ? call->vars[p.variable].as_double() : sample(p.distribution);
  if (v < 1) {
    return 0;
  }
  return static_cast<uint64_t>(std::min(v, 2147483647.0));
}

double CallEngine::sample(const ir::Distribution &d) {
  switch (d.kind) {
  case ir::Distribution::Kind::Default: return cfg_.default_pause_ms;
  case ir::Distribution::Kind::Fixed: return d.params[0];
  case ir::Distribution::Kind::Uniform:
    return std::uniform_real_distribution<double>(d.params[0], d.params[1])(rng_);
  case ir::Distribution::Kind::Normal:
    return std::normal_distribution<double>(d.params[0], d.params[1])(rng_);
  case ir::Distribution::Kind::LogNormal:
    return std::lognormal_distribution<double>(d.params[0], d.params[1])(rng_);
  case ir::Distribution::Kind::Exponential:
    return std::exponential_distribution<double>(1.0 / d.params[0])(rng_);
  case ir::Distribution::Kind::Weibull:
    return std::weibull_distribution<double>(d.params[1], d.params[0])(rng_);
  case ir::Distribution::Kind::Pareto: {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    return d.params[1] / std::pow(1.0 - u, 1.0 / d.params[0]);
  }
  case ir::Distribution::Kind::GeneralizedPareto: {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    double k = d.params[0];
    return d.params[2] + (k == 0.0 ? -d.params[1] * std::log(1.0 - u)
                                   : d.params[1] * (std::pow(1.0 - u, -k) - 1.0) / k);
  }
  case ir::Distribution::Kind::Gamma:
    return std::gamma_distribution<double>(d.params[0], d.params[1])(rng_);
  case ir::Distribution::Kind::NegativeBinomial:
    return static_cast<double>(
        std::negative_binomial_distribution<int>(static_cast<int>(d.params[0]), d.params[1])(rng_));
  }
  return 0;
}

bool CallEngine::advance(Call *call) {
  int next = call->msg_index + 1;
  if (call->msg_index >= 0 && static_cast<size_t>(call->msg_index) < state_count()) {
    const ir::State &st = state(call->msg_index);
    if (st.next.present() && st.next.index >= 0 &&
        (st.test == ir::kNoVar || call->vars[st.test].is_set())) {
      bool take = true;
      if (st.chance) {
        take = std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < *st.chance;
      }
      if (take) {
        next = st.next.index;
      }
    }
  }
  call->msg_index = next;
  call->recv_timeout = 0;
  if (static_cast<size_t>(next) >= state_count()) {
    terminate(call, EndReason::Success);
    return false;
  }
  return true;
}

void CallEngine::bookkeeping(Call *call, const ir::State &st) {
  if (st.counter >= 0 && static_cast<size_t>(st.counter) < stats_.user_counter_count) {
    stats_.user_counters[static_cast<size_t>(st.counter)].add();
  }
  uint64_t us = 0;
  if (st.start_rtd != 0) {
    us = wall_us();
    call->words.rtd_start(st.start_rtd - 1) = us;
  }
  if (st.stop_rtd != 0) {
    size_t k = st.stop_rtd - 1;
    uint64_t &start = call->words.rtd_start(k);
    if (start != CallWords::kRtdStopped) {
      if (us == 0) {
        us = wall_us();
      }
      uint64_t took = us >= start ? us - start : 0;
      stats_.rtd[k].record(took, ctx_.scenario->response_time_repartition.bounds_ms);
      if (ctx_.rtt != nullptr) {
        trace_rtt(k, us, took);
      }
      if (!st.repeat_rtd) {
        start = CallWords::kRtdStopped;
      }
    }
  }
}

void CallEngine::trace_rtt(size_t rtd, uint64_t stop_us, uint64_t took_us) {
  // SIPp's -trace_rtt line: when (ms since the start), how long (ms), which.
  const std::string &d = cfg_.stat_delimiter;
  char when[64];
  char took[64];
  std::snprintf(when, sizeof when, "%g",
                static_cast<double>(stop_us - std::min(stop_us, ctx_.rtt_origin_us)) / 1000.0);
  std::snprintf(took, sizeof took, "%g", static_cast<double>(took_us) / 1000.0);
  rtt_pending_ += std::string(when) + d + took + d + ctx_.scenario->rtds[rtd].name + "\n";
  // -rtt_freq: SIPp keeps that many samples before it writes them.
  if (++rtt_samples_ >= std::max(1U, cfg_.rtt_freq)) {
    flush_rtt();
  }
}

void CallEngine::flush_rtt() {
  if (!rtt_pending_.empty() && ctx_.rtt != nullptr) {
    ctx_.rtt->write(rtt_pending_);
  }
  rtt_pending_.clear();
  rtt_samples_ = 0;
}

void CallEngine::call_debug(Call *call, const std::string &text) {
  // Bounded: a call looping for hours must not eat the memory.
  constexpr size_t kMaxHistory = 256UL * 1024;
  std::string &debug = call->extras().debug;
  if (debug.size() >= kMaxHistory) {
    return;
  }
  debug += TraceLog::timestamp() + " " + text;
  if (debug.size() >= kMaxHistory) {
    debug += "\n[history cut at 256 KiB]\n";
  }
}

bool CallEngine::retransmit(Call *call) {
  // §4.2/§4.3
  ++call->nb_retrans;
  bool is_invite = call->last_send_msg.starts_with("INVITE");
  uint32_t allowed =
      std::min(is_invite ? cfg_.max_invite_retrans : cfg_.max_non_invite_retrans, cfg_.max_retrans);
  int index = call->last_send_index;
  const ir::State &st = state(index);
  if (call->nb_retrans > allowed) {
    stats_.per_state[static_cast<size_t>(index)].timeouts.add();
    call->next_retrans = 0;
    if (st.on_timeout.present() && st.on_timeout.index >= 0) {
      call->msg_index = st.on_timeout.index;
      call->recv_timeout = 0;
      if (static_cast<size_t>(call->msg_index) < state_count()) {
        return true;
      }
    }
    count_end(call, EndReason::MaxUdpRetrans);
    if (cfg_.behaviors.bye) {
      abort_call(call);
    } else {
      destroy(call, false);
    }
    return false;
  }
  call->nb_last_delay *= 2;
  if (call->nb_last_delay > cfg_.t2_ms && !is_invite) {
    call->nb_last_delay = cfg_.t2_ms;
  }
  if (lost(&st)) {
    stats_.per_state[static_cast<size_t>(index)].lost.add();
  } else {
    std::string bytes = call->last_send_msg;
    if (!send_raw(call, bytes, index)) {
      return false;
    }
    stats_.per_state[static_cast<size_t>(index)].sent_retrans.add();
    stats_[Counter::Retransmissions].add();
  }
  call->next_retrans = now_ms_ + call->nb_last_delay;
  return true;
}

//===----------------------------------------------------------------------===//
// Sending
//===----------------------------------------------------------------------===//

void CallEngine::render(Call *call, uint32_t template_id, int32_t p_index, MessageBuffer &out) {
  out.reset();
  call->render_index = p_index;
  ctx_.program->render(ctx_.program->self, &services_, call, &out, template_id);
  fill_len(out);
  if (out.auth_marker != std::string::npos) {
    fill_authentication(call, out);
  }
}

bool CallEngine::lost(const ir::State *st) {
  // The element's lost= wins over -lost, as in SIPp.
  double percent = st != nullptr && st->lost ? *st->lost : cfg_.global_lost;
  if (st == nullptr || percent <= 0) {
    return false;
  }
  return std::uniform_real_distribution<double>(0.0, 100.0)(rng_) < percent;
}

void CallEngine::trace_message(bool sent, std::string_view call_id, std::string_view raw) {
  const char *transport = transport_name(cfg_.transport);
  if (TraceLog *messages = ctx_.messages.load(std::memory_order_relaxed)) {
    // SIPp 3.6's layout: a dashed line with the time, what happened, a
    // blank line, the message as it went, a newline.
    std::string record = "----------------------------------------------- " +
                         TraceLog::message_timestamp() + "\n" + transport;
    record += sent ? " message sent (" + std::to_string(raw.size()) + " bytes):\n\n"
                   : " message received [" + std::to_string(raw.size()) + "] bytes :\n\n";
    record += raw;
    record += '\n';
    messages->write(record);
  }
  if (TraceLog *short_messages = ctx_.short_messages.load(std::memory_order_relaxed)) {
    std::string cseq = sipp_get_header(raw, "CSeq:", true);
    std::string_view first = raw.substr(0, raw.find_first_of("\r\n"));
    std::string record = TraceLog::timestamp() + (sent ? "\tS\t" : "\tR\t");
    record += call_id;
    record += "\tCSeq:" + cseq + "\t";
    record += first;
    record += '\n';
    short_messages->write(record);
  }
}

bool CallEngine::send_raw(Call *call, std::string_view bytes, int index) {
  if (index >= 0 && static_cast<size_t>(index) < state_count() && lost(&state(index))) {
    stats_.per_state[static_cast<size_t>(index)].lost.add();
    return true;
  }
  if (tracing_messages()) {
    trace_message(true, call->id, bytes);
  }
  if (ctx_.call_debug != nullptr) {
    call_debug(call, std::string("Sending ") + transport_name(cfg_.transport) +
                         " message for call " + call->id + " (index " + std::to_string(index) +
                         ", hash " + std::to_string(sipp_hash(bytes)) + "):\n" +
                         std::string(bytes) + "\n\n");
  }
  if (!transport_.send(*call, bytes)) {
    // A connection that never came up (refused, a failed handshake) is
    // SIPp's FailedTcpConnect; any other refusal, FailedCannotSendMessage.
    bool never_connected = call->connection && call->connection->connect_failed();
    count_end(call, never_connected ? EndReason::TcpConnect : EndReason::CannotSendMessage);
    destroy(call, false);
    return false;
  }
  return true;
}

bool CallEngine::send_state(Call *call, int index) {
  render(call, ctx_.templates->state_message[static_cast<size_t>(index)], index, buf_);
  if (buf_.data.starts_with("ACK")) {
    call->call_established = true;
    call->ack_is_pending = false;
  }
  return send_raw(call, buf_.data, index);
}

bool CallEngine::send_default(Call *call, uint32_t template_id, int32_t p_index) {
  if (template_id == ir::kNoTemplate) {
    return true;
  }
  MessageBuffer out;
  render(call, template_id, p_index, out);
  return send_raw(call, out.data, -1);
}

bool CallEngine::execute_send(Call *call, int index) {
  // §2.2 / §3.7
  if (call->next_retrans != 0) {
    return false; // wait for the previous message to be acknowledged
  }
  const ir::State &st = state(index);
  const auto &send = std::get<ir::SendState>(st.body);
  bookkeeping(call, st);
  if (!send.is_response && send.method != "ACK" && send.method != "CANCEL") {
    ++call->cseq;
  }
  if (!send_state(call, index)) {
    return false;
  }
  call->last_send_index = index;
  call->last_send_msg = buf_.data;
  if (send.start_txn != 0) {
    call->txn_branch[send.start_txn - 1] = top_via_branch(call->last_send_msg);
  }
  if (call->last_recv_index >= 0) {
    call->recv_retrans_hash = call->last_recv_hash;
    call->recv_retrans_recv_index = call->last_recv_index;
    call->recv_retrans_send_index = index;
    call->last_recv_hash = 0;
    if (ctx_.call_debug != nullptr) {
      call_debug(call,
                 "Set Retransmission Hash: " + std::to_string(sipp_hash(call->last_recv_msg)) +
                     " (recv index " + std::to_string(call->recv_retrans_recv_index) +
                     ", send index " + std::to_string(index) + ")\n");
    }
  }
  if (send.retrans_ms > 0) {
    if (is_udp(cfg_.transport) && cfg_.retrans_enabled) {
      call->next_retrans = now_ms_ + send.retrans_ms;
      call->nb_retrans = 0;
      call->nb_last_delay = send.retrans_ms;
    }
  } else {
    call->next_retrans = 0;
  }
  std::string_view previous = action_msg_;
  action_msg_ = call->last_send_msg;
  ctx_.program->run_actions(ctx_.program->self, &services_, call, static_cast<uint32_t>(index));
  action_msg_ = previous;
  if (call->destroyed) {
    return false;
  }
  stats_.per_state[static_cast<size_t>(index)].sent.add();
  return advance(call);
}

bool CallEngine::execute_recv(Call *call, int index) {
  if (call->has_queued) {
    std::string raw = std::move(call->queued_msg);
    call->has_queued = false;
    SipMessage msg;
    if (parse_sip_message(raw, msg) == SipParseError::None) {
      process_incoming(call, raw, msg);
    }
    return !call->destroyed && call->msg_index != index;
  }
  const auto &recv = std::get<ir::RecvState>(state(index).body);
  return wait_receive(call, index, recv.timeout_ms);
}

bool CallEngine::wait_receive(Call *call, int index, uint32_t timeout_ms) {
  const ir::State &st = state(index);
  if (call->recv_timeout != 0) {
    if (call->recv_timeout > now_ms_) {
      return false;
    }
    // §7.1
    call->recv_timeout = 0;
    stats_.per_state[static_cast<size_t>(index)].timeouts.add();
    if (st.on_timeout.present() && st.on_timeout.index >= 0) {
      call->msg_index = st.on_timeout.index;
      if (static_cast<size_t>(call->msg_index) < state_count()) {
        return true;
      }
    } else {
      warn("receive timeout on call " + call->id + " at index " + std::to_string(index) +
           " without an ontimeout label: aborting the call");
    }
    count_end(call, EndReason::TimeoutOnRecv);
    if (cfg_.behaviors.bye) {
      abort_call(call);
    } else {
      destroy(call, false);
    }
    return false;
  }
  uint32_t timeout = timeout_ms != 0 ? timeout_ms : cfg_.recv_timeout_ms;
  if (timeout != 0) {
    call->recv_timeout = now_ms_ + timeout;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Receiving
//===----------------------------------------------------------------------===//

uint64_t CallEngine::hash(std::string_view raw) const {
  return retransmission_hash(raw, cfg_.rtcheck_loose);
}

uint64_t CallEngine::sipp_hash(std::string_view raw) const {
  return sipp_retransmission_hash(raw, cfg_.rtcheck_loose);
}

bool CallEngine::matches(const Call *call, int index, int code, std::string_view method,
                         std::string_view cseq_method, std::string_view branch) const {
  const ir::State &st = state(index);
  const auto *r = std::get_if<ir::RecvState>(&st.body);
  if (r == nullptr) {
    return false;
  }
  if (!r->request.empty()) {
    if (code != 0) {
      if (!r->regexp_match) {
        return false;
      }
    }
    if (r->regexp_match) {
      const regex_t *re = request_regexes_[static_cast<size_t>(index)].get();
      std::string m(method);
      return re != nullptr && regexec(re, m.c_str(), 0, nullptr, 0) == 0;
    }
    return method == r->request;
  }
  if (code == 0) {
    return false;
  }
  if (r->regexp_match) {
    const regex_t *re = request_regexes_[static_cast<size_t>(index)].get();
    std::string c = std::to_string(code);
    if (re == nullptr || regexec(re, c.c_str(), 0, nullptr, 0) != 0) {
      return false;
    }
  } else if (!r->response || *r->response != code) {
    return false;
  }
  if (r->response_txn != 0) {
    return call->txn_branch[r->response_txn - 1] == branch;
  }
  if (index == 0) {
    return true;
  }
  if (r->cseq_methods.empty()) {
    return false; // SIPp: no method list at all
  }
  // SIPp concatenates the methods sent so far and looks for the CSeq method
  // in that string; an empty CSeq method is found in any list.
  std::string list;
  for (const std::string &m : r->cseq_methods) {
    list += m;
  }
  return list.find(cseq_method) != std::string::npos;
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
    stats_[Counter::MalformedMessages].add();
    warn(std::string("discarding a malformed message: ") +
         (err != SipParseError::None ? sip_parse_error_text(err) : "no Call-ID") + " (" +
         std::to_string(raw.size()) + " bytes from " + from.address().to_string() + ":" +
         std::to_string(from.port()) + ")");
    return;
  }
  std::string_view id = msg.call_id();
  if (!cfg_.callid_slash_ign) {
    size_t slashes = id.find("///");
    if (slashes != std::string_view::npos) {
      id = id.substr(slashes + 3);
    }
  }
  std::string_view key = id;
  raw = msg.raw();
  // The out-of-call engine gets its messages from this one, traced already.
  if (tracing_messages() && !automatic_) {
    trace_message(false, id, raw);
  }
  if (Call *call = calls_.find(key)) {
    process_incoming(call, raw, msg);
    if (!call->destroyed) {
      run(call);
    }
    return;
  }
  if (dead_calls_.extend(key, now_ms_ + cfg_.deadcall_wait_ms)) {
    stats_[Counter::DeadCallMsgs].add();
    return;
  }
  if (ctx_.scenario->mode == ir::Mode::Server || automatic_) {
    if (quitting_) {
      stats_[Counter::OutOfCallMsgs].add();
      return;
    }
    stats_[Counter::IncomingCall].add();
    uint32_t number = ctx_.next_number != nullptr ? ctx_.next_number->fetch_add(1) : 0;
    Call *call = new_call(std::string(key), number);
    if (!take_circuit(call)) {
      return;
    }
    call->peer = from;
    call->connection = conn;
    if (cfg_.rsa_host) {
      call->peer = boost::asio::ip::udp::endpoint(boost::asio::ip::make_address(*cfg_.rsa_host),
                                                  cfg_.rsa_port);
    }
    process_incoming(call, raw, msg);
    if (!call->destroyed) {
      run(call);
    }
    return;
  }
  // Client mode, unknown Call-ID (§1.3).
  if (ooc_ != nullptr) {
    if (ooc_->knows(key)) {
      ooc_->on_message(raw, from, conn); // a call the out-of-call scenario runs
      return;
    }
    if (msg.is_request()) {
      warn("Received out-of-call " + std::string(msg.method()) +
           " message, using the out-of-call scenario");
      stats_[Counter::AutoAnswered].add();
      ooc_->on_message(raw, from, conn);
      return;
    }
    stats_[Counter::OutOfCallMsgs].add();
    return;
  }
  if (cfg_.auto_answer && msg.is_request() &&
      (msg.method() == "INFO" || msg.method() == "NOTIFY" || msg.method() == "OPTIONS" ||
       msg.method() == "UPDATE")) {
    // A throw-away call answers it with the default 200, as SIPp's ooc_dummy.
    Call temp;
    temp.id = std::string(key);
    temp.peer = from;
    temp.connection = conn;
    store_received(&temp, raw);
    MessageBuffer out;
    render(&temp, ctx_.default_200, -1, out);
    if (tracing_messages()) {
      trace_message(true, temp.id, out.data);
    }
    transport_.send(temp, out.data);
    transport_.release(temp);
    stats_[Counter::AutoAnswered].add(2); // SIPp counts the call and the answer
    return;
  }
  stats_[Counter::OutOfCallMsgs].add();
  warn("discarding a message which can't be mapped to a known call (Call-ID " + std::string(key) +
       ")");
}

void CallEngine::process_incoming(Call *call, std::string_view raw, const SipMessage &msg) {
  // §5
  if (ctx_.call_debug != nullptr) {
    call_debug(call, "Processing " + std::to_string(raw.size()) +
                         " byte incoming message for call-ID " + call->id + " (hash " +
                         std::to_string(sipp_hash(raw)) + "):\n" + std::string(raw) + "\n\n");
  }
  if (static_cast<size_t>(call->msg_index) >= state_count()) {
    return;
  }
  const ir::State &cur = state(call->msg_index);
  if (cfg_.pause_msg_ign && std::holds_alternative<ir::PauseState>(cur.body)) {
    return;
  }
  if (call->msg_index == 0 && std::holds_alternative<ir::NopState>(cur.body)) {
    call->queued_msg = std::string(raw);
    call->has_queued = true;
    call->paused_until = 0;
    return; // the caller runs the call: the nops run, the first recv takes it
  }
  if (msg.find("To") == nullptr) {
    process_unexpected(call, raw, 0);
    return;
  }
  uint64_t cookie = 0;
  if (is_udp(cfg_.transport) && cfg_.retrans_enabled) {
    cookie = hash(raw);
    if (call->recv_retrans_recv_index >= 0 && cookie == call->recv_retrans_hash) {
      if (lost(&state(call->recv_retrans_recv_index))) {
        stats_.per_state[static_cast<size_t>(call->recv_retrans_recv_index)].lost.add();
        return;
      }
      stats_.per_state[static_cast<size_t>(call->recv_retrans_recv_index)].recv_retrans.add();
      int send_index = call->recv_retrans_send_index;
      if (send_state(call, send_index)) {
        stats_.per_state[static_cast<size_t>(send_index)].sent_retrans.add();
        stats_[Counter::Retransmissions].add();
      }
      return;
    }
    if (call->last_recv_index >= 0 && cookie == call->last_recv_hash) {
      stats_.per_state[static_cast<size_t>(call->last_recv_index)].recv_retrans.add();
      return;
    }
  }

  int code = 0;
  std::string_view method;
  std::string_view cseq_method;
  std::string_view branch;
  if (msg.is_response()) {
    code = msg.status();
    std::string_view tag = msg.to_tag();
    if (!tag.empty()) {
      call->peer_tag.assign(tag);
    }
    cseq_method = msg.cseq_method();
    if (const SipHeader *via = msg.find("Via")) {
      std::string_view first = via->value.substr(0, via->value.find(','));
      branch = header_param(first, "branch");
    }
  } else {
    method = msg.method();
    if (method == "ACK") {
      call->call_established = true;
    }
  }

  // §5.4: forward through optional elements, then backward.
  int found = -1;
  for (int i = call->msg_index; static_cast<size_t>(i) < state_count(); ++i) {
    if (matches(call, i, code, method, cseq_method, branch)) {
      found = i;
      break;
    }
    const auto *r = std::get_if<ir::RecvState>(&state(i).body);
    if (r == nullptr || r->optional == ir::Optional::No) {
      break;
    }
  }
  if (found < 0) {
    bool contig = true;
    for (int i = call->msg_index - 1; i >= 0; --i) {
      const ir::State &st = state(i);
      const auto *r = std::get_if<ir::RecvState>(&st.body);
      if (r == nullptr || r->optional == ir::Optional::No) {
        contig = false;
      }
      if (!matches(call, i, code, method, cseq_method, branch)) {
        continue;
      }
      if (contig || (r != nullptr && r->optional == ir::Optional::Global)) {
        found = i;
        break;
      }
      if (code != 0 && std::string_view("INVITE").starts_with(cseq_method) &&
          static_cast<size_t>(i) + 1 < state_count()) {
        const auto *ack = std::get_if<ir::SendState>(&state(i + 1).body);
        if (ack != nullptr && ack->method == "ACK") {
          // A retransmitted final answer to our INVITE: send the ACK again.
          MessageBuffer out;
          render(call, ctx_.templates->state_message[static_cast<size_t>(i) + 1], i + 1, out);
          send_raw(call, out.data, -1);
          return;
        }
      }
    }
  }

  if (found < 0) {
    bool alive = true;
    if (ctx_.scenario->unexpected_jump != ir::kNoState) {
      // §6.5 _unexp.main
      const ir::Variable *ret = ctx_.scenario->find_variable("_unexp.retaddr");
      auto ret_id = ret != nullptr ? static_cast<ir::VarId>(ret - ctx_.scenario->variables.data())
                                   : ir::kNoVar;
      if (ret_id != ir::kNoVar && call->vars[ret_id].as_double() != 0.0) {
        process_unexpected(call, raw, code);
        return;
      }
      if (ret_id != ir::kNoVar) {
        call->vars[ret_id].set_double(call->msg_index);
      }
      const ir::Variable *paused = ctx_.scenario->find_variable("_unexp.pausedaddr");
      if (paused != nullptr) {
        call->vars[static_cast<ir::VarId>(paused - ctx_.scenario->variables.data())].set_double(
            static_cast<double>(call->paused_until));
      }
      call->msg_index = ctx_.scenario->unexpected_jump;
      call->queued_msg = std::string(raw);
      call->has_queued = true;
      call->paused_until = 0;
      return;
    }
    if (code == 0 && automatic_response(call, raw, method, alive)) {
      return;
    }
    process_unexpected(call, raw, code);
    return;
  }

  // §5.6
  const ir::State &st = state(found);
  const auto &recv = std::get<ir::RecvState>(st.body);
  if (lost(&st)) {
    stats_.per_state[static_cast<size_t>(found)].lost.add();
    return;
  }
  bookkeeping(call, st);
  stats_.per_state[static_cast<size_t>(found)].recv.add();
  if (!run_receive_actions(call, found, raw)) {
    return;
  }
  if (code == 0) {
    uint32_t their = static_cast<uint32_t>(sipp_cseq_value(raw));
    call->cseq = std::max(call->cseq, their);
  }
  // §4.4: what stops a retransmission.
  if (found > call->last_send_index && (code != 0 || method == "ACK" || method == "CANCEL" ||
                                        method == "BYE" || method == "PRACK")) {
    if (code == 0 || code >= 200 || std::string_view("INVITE").starts_with(cseq_method)) {
      call->next_retrans = 0;
    } else {
      call->next_retrans = now_ms_ + cfg_.t2_ms;
      call->nb_last_delay = cfg_.t2_ms;
    }
  }
  if (code == 200) {
    call->ack_is_pending = true;
  }
  if (recv.record_routes && call->peek().route_set.empty()) {
    record_routes(call, raw, code == 0);
  }
  if (recv.authentication && (code == 401 || code == 407)) {
    std::string challenge = sipp_get_header(raw, "Proxy-Authenticate:", true);
    if (challenge.empty()) {
      challenge = sipp_get_header(raw, "WWW-Authenticate:", true);
    }
    CallExtras &extras = call->extras();
    extras.auth_challenge = challenge;
    extras.challenge_type = code;
    extras.nonce_count = 1;
  }
  if (!recv.advance_state) {
    return;
  }
  call->last_recv_index = found;
  call->last_recv_hash = cookie;
  if (ctx_.call_debug != nullptr) {
    call_debug(call, "Set Last Recv Hash: " + std::to_string(sipp_hash(raw)) + " (recv index " +
                         std::to_string(found) + ")\n");
  }
  store_received(call, raw);

  // §5.9
  bool advance_now =
      recv.optional == ir::Optional::No ||
      (st.next.index != 0 && (st.test == ir::kNoVar || call->vars[st.test].is_set()));
  if (advance_now) {
    call->paused_until = 0;
    call->msg_index = found;
    advance(call);
  }
}

bool CallEngine::run_receive_actions(Call *call, int index, std::string_view msg) {
  std::string_view previous = action_msg_;
  action_msg_ = msg;
  int result =
      ctx_.program->run_actions(ctx_.program->self, &services_, call, static_cast<uint32_t>(index));
  action_msg_ = previous;
  if (call->destroyed) {
    return false;
  }
  if (result != GSP_OK) {
    // Failed checks are remembered and the scenario goes on, as in SIPp.
    call->last_action_result = result;
    if (result == GSP_STOP_CALL) {
      reject_call(call);
      return false;
    }
    if (result == GSP_CONNECT_FAILED) {
      terminate(call, EndReason::TcpConnect);
      return false;
    }
  }
  return true;
}

void CallEngine::record_routes(Call *call, std::string_view raw, bool is_request) {
  // §5.8
  std::string rr = sipp_get_header(raw, "Record-Route:", true);
  std::string contact = sipp_get_header(raw, "Contact:", true);
  auto format = [](std::string x) {
    size_t b = x.find_first_not_of(" \t");
    x.erase(0, b == std::string::npos ? x.size() : b);
    if (!x.empty() && x[0] == '<') {
      size_t gt = x.find('>');
      return x.substr(1, gt == std::string::npos ? std::string::npos : gt - 1);
    }
    return x;
  };
  if (contact.empty()) {
    warn("no Contact header to record the remote target from, in call " + call->id);
    return;
  }
  if (rr.empty()) {
    call->extras().next_req_url = format(contact);
    return;
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = rr.find(',', start);
    parts.push_back(
        rr.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  if (!is_request) {
    std::reverse(parts.begin(), parts.end());
  }
  auto trim = [](const std::string &s) {
    size_t b = s.find_first_not_of(' ');
    size_t e = s.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  std::string target;
  std::vector<std::string> routes;
  bool loose_seen = false;
  for (const std::string &p : parts) {
    if (!loose_seen && p.find(";lr") == std::string::npos) {
      target = p;
      continue;
    }
    loose_seen = true;
    routes.push_back(trim(p));
  }
  if (!target.empty()) {
    routes.push_back(trim(contact));
  } else {
    target = contact;
  }
  std::string joined;
  for (size_t i = 0; i < routes.size(); ++i) {
    joined += (i ? ", " : "") + routes[i];
  }
  call->extras().route_set = joined;
  call->extras().next_req_url = format(target);
}

void CallEngine::process_unexpected(Call *call, std::string_view raw, int code) {
  // §6.2
  stats_.per_state[static_cast<size_t>(call->msg_index)].unexpected.add();
  if (ctx_.error_codes != nullptr && code != 0) {
    ctx_.error_codes->add(code);
  }
  if (ctx_.call_debug != nullptr) {
    call_debug(call, std::string("Unexpected ") + transport_name(cfg_.transport) +
                         " message received (index " + std::to_string(call->msg_index) + ", hash " +
                         std::to_string(sipp_hash(raw)) + "):\n\n" + std::string(raw) + "\n");
  }
  std::string first_line(raw.substr(0, raw.find('\r')));
  warn(std::string(cfg_.behaviors.abort_unexpected ? "Aborting" : "Continuing") +
       " call on unexpected message for Call-Id '" + call->id + "' (index " +
       std::to_string(call->msg_index) + "), received '" + first_line + "'");
  if (!cfg_.behaviors.abort_unexpected) {
    return;
  }
  store_received(call, raw);
  abort_twin(call);
  count_end(call, EndReason::UnexpectedMessage);
  if (cfg_.behaviors.bye) {
    abort_call(call);
  } else {
    destroy(call, false);
  }
}

bool CallEngine::automatic_response(Call *call, std::string_view raw, std::string_view method,
                                    bool &alive) {
  // §6.4
  if (method == "BYE" || method == "CANCEL") {
    store_received(call, raw);
    stats_.per_state[static_cast<size_t>(call->msg_index)].unexpected.add();
    if (!cfg_.behaviors.abort_unexpected) {
      warn("Continuing call on an unexpected " + std::string(method) + " for Call-Id '" + call->id +
           "'");
      return true;
    }
    warn("Aborting call on an unexpected " + std::string(method) + " for Call-Id '" + call->id +
         "'");
    if (cfg_.behaviors.bye) {
      MessageBuffer out;
      render(call, ctx_.default_200, -1, out);
      if (!send_raw(call, out.data, -1)) {
        alive = false;
        return true;
      }
    }
    abort_twin(call);
    count_end(call, EndReason::UnexpectedMessage);
    destroy(call, false);
    alive = false;
    return true;
  }
  if (method == "PING") {
    store_received(call, raw);
    if (!cfg_.behaviors.ping_reply) {
      warn("unexpected PING on call " + call->id);
      return true;
    }
    MessageBuffer out;
    render(call, ctx_.default_200, -1, out);
    if (!send_raw(call, out.data, -1)) {
      alive = false;
      return true;
    }
    stats_[Counter::AutoAnswered].add();
    // SIPp deletes the call uncounted, leaving CurrentCall one too high
    // forever; we count it apart so the totals add up.
    stats_[Counter::Uncounted].add();
    destroy(call, false);
    alive = false;
    return true;
  }
  if (cfg_.auto_answer &&
      (method == "INFO" || method == "NOTIFY" || method == "OPTIONS" || method == "UPDATE")) {
    std::string saved = call->last_recv_msg;
    store_received(call, raw);
    MessageBuffer out;
    render(call, ctx_.default_200, -1, out);
    if (!send_raw(call, out.data, -1)) {
      alive = false;
      return true;
    }
    if (!saved.empty()) {
      store_received(call, saved);
    }
    stats_[Counter::AutoAnswered].add();
    return true;
  }
  return false;
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
      terminate(c, EndReason::TcpConnect);
    } else if (cfg_.reconnect_close || !is_single_connection(cfg_.transport)) {
      // -reconnect_close false: the calls of a t1/l1 connection carry on on
      // the connection that replaces it.
      terminate(c, EndReason::TcpClosed);
    }
  }
}

//===----------------------------------------------------------------------===//
// Keywords
//===----------------------------------------------------------------------===//

void CallEngine::render_keyword(Call *call, MessageBuffer &out, uint32_t kw, int32_t offset,
                                std::string_view) {
  auto number = [&](long long v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.data.append(buf, static_cast<size_t>(r.ptr - buf));
  };
  if (kw < run_texts_.size() && run_texts_[kw].data != nullptr) {
    // The same text for every call (run_constants.cpp); generated code may
    // have copied it already with the literal text around it.
    if (offset == 0) {
      out.data += run_constant_[kw];
      return;
    }
    if (auto text = run_constant_text(cfg_, static_cast<ir::Keyword>(kw), offset)) {
      out.data += *text;
      return;
    }
  }
  switch (static_cast<ir::Keyword>(kw)) {
  case ir::Keyword::Service:
  case ir::Keyword::RemoteIp:
  case ir::Keyword::RemoteHost:
  case ir::Keyword::RemotePort:
  case ir::Keyword::Transport:
  case ir::Keyword::LocalIp:
  case ir::Keyword::LocalIpType:
  case ir::Keyword::ServerIp:
  case ir::Keyword::MediaIp:
  case ir::Keyword::MediaIpType:
  case ir::Keyword::MediaPort:
  case ir::Keyword::RtpstreamAudioPort:
  case ir::Keyword::RtpstreamVideoPort:
  case ir::Keyword::Pid:
  case ir::Keyword::SippVersion: break; // run constants, rendered above
  case ir::Keyword::LocalPort: number(transport_.local_port(*call) + offset); break;
  case ir::Keyword::AutoMediaPort:
    number(cfg_.media_port + (4LL * (call->number == 0 ? 0 : call->number - 1)) % 10000 + offset);
    break;
  case ir::Keyword::CallNumber: number(call->number); break;
  case ir::Keyword::DynamicId: {
    DynamicIdCounter &ids = ctx_.dynamic_id != nullptr ? *ctx_.dynamic_id : own_dynamic_id_;
    number(static_cast<uint32_t>(ids.take())); // SIPp prints the int with %u
    break;
  }
  case ir::Keyword::CallId: out.data += call->id; break;
  case ir::Keyword::Cseq: number(static_cast<long long>(call->cseq) + offset); break;
  case ir::Keyword::Branch: {
    int x = call->render_index == -2 ? call->msg_index - 1 : call->render_index;
    out.data += "z9hG4bK-";
    number(cfg_.pid);
    out.data += '-';
    number(call->number);
    out.data += '-';
    number(x + offset);
    break;
  }
  case ir::Keyword::MsgIndex: number(call->render_index); break;
  case ir::Keyword::NextUrl: out.data += call->peek().next_req_url; break;
  case ir::Keyword::Len:
    out.len_marker = out.data.size();
    out.len_offset = offset;
    out.data += "     ";
    break;
  case ir::Keyword::PeerTagParam:
    if (!call->peer_tag.empty()) {
      out.data += ";tag=";
      out.data += call->peer_tag;
    }
    break;
  case ir::Keyword::LastRequestUri: out.data += sipp_last_request_uri(call->last_recv_msg); break;
  case ir::Keyword::LastCseqNumber: {
    std::string h = sipp_get_header(call->last_recv_msg,
                                    recv_lines_.lines_for(call->recv_serial, call->last_recv_msg),
                                    "CSeq:", true);
    number(std::atol(h.c_str()) + offset);
    break;
  }
  case ir::Keyword::LastMessage: out.data += call->last_recv_msg; break;
  case ir::Keyword::Routes:
    if (!call->peek().route_set.empty()) {
      out.data += "Route: ";
      out.data += call->peek().route_set;
    } else {
      out.note_keyword_end();
    }
    break;
  case ir::Keyword::ClockTick: number(static_cast<long long>(now_ms_)); break;
  case ir::Keyword::Users:
    number(hooks_.users ? static_cast<int64_t>(hooks_.users()) : cfg_.users);
    break;
  case ir::Keyword::UserId: number(call->user_id); break;
  case ir::Keyword::Timestamp: {
    timeval tv{};
    gettimeofday(&tv, nullptr);
    std::tm tm{};
    localtime_r(&tv.tv_sec, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d\t%02d:%02d:%02d.%06ld\t%010ld.%06ld",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long>(tv.tv_usec), static_cast<long>(tv.tv_sec),
                  static_cast<long>(tv.tv_usec));
    out.data += buf;
    break;
  }
  case ir::Keyword::Date: {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %T %Z", &tm);
    out.data += buf;
    break;
  }
  case ir::Keyword::TdmMap:
    if (ctx_.tdm_map != nullptr && call->tdm_circuit >= 0) {
      out.data += ctx_.tdm_map->render(static_cast<uint32_t>(call->tdm_circuit));
    }
    break;
  case ir::Keyword::Crypto: break; // refused at load (runtime_support.cpp)
  }
}

} // namespace gossipper::runtime
