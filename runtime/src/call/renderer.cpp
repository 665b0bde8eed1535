//===- renderer.cpp - Writing a call's messages ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/renderer.hpp"

#include "call/actions.hpp"
#include "call/authentication.hpp"
#include "gossipper/runtime/run_constants.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace gossipper::runtime {

thread_local Renderer *Renderer::current = nullptr;

/// The gsp_services table: trampolines into the current renderer.
struct Services {
  static void literal(gsp_buf *out, const char *data, size_t size) {
    append_literal(*out, data, size);
  }
  static void keyword(gsp_call *call, gsp_buf *out, uint32_t kw, int32_t offset, const char *,
                      size_t) {
    Renderer::current->keyword(call, *out, kw, offset);
  }
  static void last_header(gsp_call *call, gsp_buf *out, const char *name, size_t size,
                          uint32_t slot) {
    Renderer::current->last_header(call, *out, std::string_view(name, size), slot);
  }
  static void variable(gsp_call *call, gsp_buf *out, uint32_t var, int32_t) {
    if (var < call->vars.size()) {
      std::string &text = Renderer::current->scratch_;
      text.clear();
      call->vars[var].render(text);
      out->data += text;
    }
    out->note_keyword_end();
  }
  static void field(gsp_call *call, gsp_buf *out, uint32_t field, const char *file, size_t size,
                    uint32_t line_template) {
    Renderer::current->field(call, *out, field, std::string_view(file, size), line_template);
  }
  static void file(gsp_call *call, gsp_buf *out, uint32_t name_template) {
    Renderer::current->file(call, *out, name_template);
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
    // Filled in once the whole message is written (fill_authentication).
    out->auth_marker = out->data.size();
    std::copy(templates, templates + 5, out->auth_templates.begin());
  }
  static void custom_key(gsp_call *, gsp_buf *out, const char *name, size_t size) {
    const RunConfig &cfg = Renderer::current->env_.cfg;
    auto it = cfg.keys.find(std::string(name, size));
    if (it != cfg.keys.end()) {
      append_literal(*out, it->second.data(), it->second.size());
    }
  }
  static void text(gsp_buf *out, const char *data, size_t size) { out->data.append(data, size); }
  static int action(gsp_call *call, uint32_t state, uint32_t action) {
    return Renderer::current->actions_->run(call, state, action);
  }
};

Renderer::Renderer(CallEnvironment &env)
    : env_(env), own_dynamic_id_{env.cfg.dynamic_start, env.cfg.dynamic_max, env.cfg.dynamic_step} {
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
  services_.text = &Services::text;
  if (env.ctx.templates != nullptr) {
    header_needs_ = ir::header_needs(*env.ctx.templates);
    header_slots_.resize(header_needs_.names.size());
    choose_kept_headers();
    layout_ = ir::call_layout(env.scenario, *env.ctx.templates);
  }
  for (uint32_t kw = 0; kw < kKeywords; ++kw) {
    if (auto text = run_constant_text(env.cfg, static_cast<ir::Keyword>(kw), 0)) {
      run_constant_[kw] = std::move(*text);
      run_texts_[kw] = {run_constant_[kw].data(), run_constant_[kw].size()};
    }
  }
  if (std::optional<uint16_t> port = env.transport.run_local_port()) {
    auto kw = static_cast<size_t>(ir::Keyword::LocalPort);
    run_constant_[kw] = std::to_string(*port);
    run_texts_[kw] = {run_constant_[kw].data(), run_constant_[kw].size()};
  }
  services_.run_texts = run_texts_.data();
  services_.run_text_count = static_cast<uint32_t>(run_texts_.size());
}

void Renderer::render(Call *call, uint32_t template_id, int32_t p_index, MessageBuffer &out) {
  out.reset();
  call->render_index = p_index;
  const gsp_program *program = env_.ctx.program;
  program->render(program->self, &services_, call, &out, template_id);
  fill_len(out);
  if (out.auth_marker != std::string::npos) {
    fill_authentication(call, out);
  }
}

void Renderer::choose_kept_headers() {
  keep_whole_received_ = env_.history.on();
  for (const ir::Template *t : env_.ctx.templates->templates) {
    for (const ir::Segment &seg : t->segments) {
      keep_whole_received_ |=
          seg.kind == ir::Segment::Kind::Keyword && seg.keyword == ir::Keyword::LastMessage;
    }
  }
  std::vector<std::string> names = header_needs_.names;
  // SIPp's ack, bye and cancel ([last_Via] [last_From] [last_To]),
  // [last_Request_URI] (the To header) and [last_cseq_number].
  for (const char *name : {"Via:", "From:", "To:", "CSeq:", "Call-ID:"}) {
    if (header_needs_.slot(name) == ir::kNoHeaderSlot) {
      names.emplace_back(name);
    }
  }
  kept_spellings_ = sipp_lookup_spellings(names);
}

std::string Renderer::render_text(Call *call, const ir::Template &t) {
  MessageBuffer out;
  uint32_t id = env_.ctx.templates->id(&t);
  if (id != ir::kNoTemplate) {
    render(call, id, -2, out);
  }
  return out.data.str();
}

void Renderer::last_header(Call *call, MessageBuffer &out, std::string_view name, uint32_t slot) {
  if (!call->last_recv_msg.empty()) {
    if (slot < header_slots_.size()) {
      out.data += header_slots_.value(call->recv_serial, slot, [&](std::vector<std::string> &v) {
        sipp_get_headers(call->last_recv_msg, header_needs_.names, v);
      });
    } else {
      std::string with_colon;
      if (name.empty() || name.back() != ':') {
        with_colon = ir::header_lookup_name(name);
        name = with_colon;
      }
      out.data += sipp_get_header(call->last_recv_msg,
                                  recv_lines_.lines_for(call->recv_serial, call->last_recv_msg),
                                  name, false);
    }
  }
  out.note_keyword_end();
}

void Renderer::field(Call *call, MessageBuffer &out, uint32_t field, std::string_view want,
                     uint32_t line_template) {
  const InjectionFiles &files = env_.ctx.injection_files;
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
      env_.ctx.program->render(env_.ctx.program->self, &services_, call, &tmp, line_template);
      line = static_cast<long>(std::strtod(tmp.data.str().c_str(), nullptr));
      if (line > f.line_count()) {
        line = -1;
      }
    }
    size_t before = out.data.size();
    scratch_.clear();
    f.append_field(line, field, scratch_);
    out.data += scratch_;
    // SIPp expands an [authentication ...] that a field holds.
    size_t at = out.data.find("[authentication", before);
    size_t close = at == std::string::npos ? at : out.data.find(']', at);
    if (close != std::string::npos && out.auth_marker == std::string::npos) {
      out.auth_marker = at;
      out.auth_keyword = out.data.substr(at, close + 1 - at);
      out.auth_templates.fill(ir::kNoTemplate);
    }
  }
  out.note_keyword_end();
}

void Renderer::file(Call *call, MessageBuffer &out, uint32_t name_template) {
  MessageBuffer name;
  env_.ctx.program->render(env_.ctx.program->self, &services_, call, &name, name_template);
  std::FILE *f = std::fopen(name.data.str().c_str(), "rb");
  if (f == nullptr) {
    env_.warn("[file]: cannot open '" + name.data.str() + "': " + std::strerror(errno));
    return;
  }
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.data.append(buf, n);
  }
  std::fclose(f);
}

void Renderer::fill_authentication(Call *call, MessageBuffer &out) {
  size_t at = out.auth_marker;
  out.auth_marker = std::string::npos;
  if (at > out.data.size()) {
    return;
  }
  // An injected keyword's text goes; the credentials take its place.
  out.data.erase(at, out.auth_keyword.size());
  if (call->peek().auth_challenge.empty()) {
    env_.warn("[authentication] in call " + call->id +
              " without a challenge: no <recv response=\"401|407\" auth=\"true\"> stored one; "
              "the message is sent without credentials");
    return;
  }
  const RunConfig &cfg = env_.cfg;
  auto param = [&](size_t i, const std::string &fallback) {
    if (!out.auth_keyword.empty()) {
      std::string v = keyword_param(out.auth_keyword, kAuthenticationParams[i]);
      return v.empty() ? fallback : v;
    }
    if (out.auth_templates[i] == ir::kNoTemplate) {
      return fallback;
    }
    MessageBuffer tmp;
    render(call, out.auth_templates[i], -2, tmp);
    return tmp.data.str();
  };
  DigestAnswer answer;
  answer.user = param(0, cfg.auth_user.empty() ? cfg.service : cfg.auth_user);
  answer.password = param(1, cfg.auth_password);
  answer.uri = "sip:" + (cfg.auth_uri.empty()
                             ? ip_for_message(cfg.remote_ip) + ":" + std::to_string(cfg.remote_port)
                             : cfg.auth_uri);
  char cnonce[16];
  std::snprintf(cnonce, sizeof cnonce, "%x", static_cast<unsigned>(env_.rng() & 0x7fffffffU));
  answer.cnonce = cnonce;
  answer.aka_k = param(2, "");
  answer.aka_op = param(3, "");
  answer.aka_amf = param(4, "");
  const CallExtras &extras = call->peek();
  Expected<std::string> header = authorization_header(
      out.data, extras.auth_challenge, extras.challenge_type, call->extras().nonce_count++, answer);
  if (!header) {
    env_.warn("[authentication] in call " + call->id + ": " + header.error().message);
    return;
  }
  out.data.insert(at, *header);
  env_.call_event(CallEvent::Kind::Auth, *call,
                  std::string_view(*header).substr(0, header->find(':')));
}

} // namespace gossipper::runtime
