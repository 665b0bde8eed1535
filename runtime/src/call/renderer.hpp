//===- renderer.hpp - Writing a call's messages -----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The scenario's code (native or interpreted) writes a message through the
// gsp_services table of the ABI: literal runs, keywords, [last_X:] headers,
// variables, injected fields, and actions. This part of a shard's call
// engine is that table: each service is a trampoline into the renderer of
// the thread's current call engine, since the ABI passes no context.
// Keywords whose text is the same for the whole run are made once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/buffer_shelf.hpp"
#include "call/call_environment.hpp"
#include "call/header_slot_cache.hpp"
#include "call/message_buffer.hpp"
#include "gossipper/ir/call_layout.hpp"
#include "gossipper/ir/header_needs.hpp"
#include "sip/header_lookup.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class ActionRunner;

class Renderer {
public:
  explicit Renderer(CallEnvironment &env);
  Renderer(const Renderer &) = delete;
  Renderer &operator=(const Renderer &) = delete;

  /// Where the services' `action` goes.
  void set_actions(ActionRunner *actions) { actions_ = actions; }
  /// The services table handed to the scenario's code.
  [[nodiscard]] const gsp_services *services() const { return &services_; }
  /// The variables a call holds (those the scenario reads).
  [[nodiscard]] const ir::CallLayout &layout() const { return layout_; }

  /// Writes template `template_id` for `call` into `out`, with [len] and
  /// [authentication] filled in. `p_index` is the element index [branch] and
  /// [msg_index] print (-1: a default message; -2: the previous element).
  void render(Call *call, uint32_t template_id, int32_t p_index, MessageBuffer &out);
  /// The text of a template of an action (a <log> message, an <assignstr>
  /// value...).
  std::string render_text(Call *call, const ir::Template &t);
  /// Makes `raw` the call's last received message, which [last_X:] reads:
  /// only what those lookups read of it, unless the whole is read
  /// ([last_message], -trace_calldebug's hash): an open call keeps less.
  void remember_received(Call *call, std::string_view raw) {
    if (keep_whole_received_) {
      shelf_.store(call->last_recv_msg, raw);
    } else {
      sipp_keep_headers(raw, kept_spellings_, keep_lines_, kept_);
      shelf_.store(call->last_recv_msg, kept_);
    }
    call->recv_serial = ++recv_serial_;
  }
  /// Makes `bytes` the call's last sent message, which our retransmission
  /// timer sends again, in a buffer of its size (buffer_shelf.hpp).
  void remember_sent(Call *call, std::string_view bytes) {
    shelf_.store(call->last_send_msg, bytes);
  }
  /// The call's last sent message will not be sent again (no timer runs
  /// for it; the peer's retransmissions render the answer anew): its
  /// buffer goes back to the shelf, so an open call holds none.
  void forget_sent(Call *call) { shelf_.release(call->last_send_msg); }

  /// The renderer whose services run now, on this thread.
  static thread_local Renderer *current;

private:
  friend struct Services;

  /// A simple keyword ([call_id], [branch], [cseq+1]...), in keywords.cpp.
  void keyword(Call *call, MessageBuffer &out, uint32_t kw, int32_t offset);
  /// What remember_received keeps, from the scenario's templates.
  void choose_kept_headers();
  /// [last_X:]
  void last_header(Call *call, MessageBuffer &out, std::string_view name, uint32_t slot);
  /// [fieldN file=F line=L]
  void field(Call *call, MessageBuffer &out, uint32_t field, std::string_view file,
             uint32_t line_template);
  /// [file name=N]
  void file(Call *call, MessageBuffer &out, uint32_t name_template);
  /// Replaces the [authentication] mark by the credentials, once the whole
  /// message is written (auth-int hashes the final body).
  void fill_authentication(Call *call, MessageBuffer &out);

  CallEnvironment &env_;
  ActionRunner *actions_ = nullptr;
  gsp_services services_{};
  /// The line index of the last received message rendered from.
  HeaderLinesCache recv_lines_;
  /// The headers the scenario reads, by slot, and their values for the
  /// last message rendered from.
  ir::HeaderNeeds header_needs_;
  HeaderSlotCache header_slots_;
  /// What a call keeps of a received message: the headers read
  /// (header_needs_, and those SIPp's own messages and [last_Request_URI],
  /// [last_cseq_number] read), or all of it.
  HeaderSpellings kept_spellings_; ///< with their compact forms
  HeaderLines keep_lines_;         ///< remember_received's index, its buffer reused
  bool keep_whole_received_ = true;
  ir::CallLayout layout_;
  uint64_t recv_serial_ = 0;
  // Keyword texts fixed for the run (offset 0), made once, by keyword.
  static constexpr size_t kKeywords = ir::kKeywordCount;
  std::array<std::string, kKeywords> run_constant_;
  /// Text another room appends to a std::string (a variable's value, an
  /// injection field) before it joins the message; kept for its buffer.
  /// Only for appending: what must see the message so far gets it.
  std::string scratch_;
  std::string kept_; ///< what remember_received keeps, before the call does
  BufferShelf shelf_;
  /// The same texts as the ABI hands them to generated code; data null for
  /// keywords that depend on the call.
  std::array<gsp_text, kKeywords> run_texts_{};
  /// [dynamic_id] when the context shares none (an engine on its own).
  DynamicIdCounter own_dynamic_id_;
};

} // namespace gossipper::runtime
