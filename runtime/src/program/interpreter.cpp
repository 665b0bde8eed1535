//===- interpreter.cpp - The IR as a gsp_program --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/interpreter.hpp"

namespace gossipper::runtime {

Interpreter::Interpreter(const ir::Scenario &s, const ir::TemplateTable &table)
    : s_(s), table_(table) {
  program_.abi_version = GSP_ABI_VERSION;
  program_.self = this;
  program_.render = &Interpreter::render;
  program_.run_actions = &Interpreter::run_actions;
}

void Interpreter::render(void *self, const gsp_services *svc, gsp_call *call, gsp_buf *out,
                         uint32_t template_id) {
  auto *me = static_cast<Interpreter *>(self);
  if (template_id >= me->table_.templates.size()) {
    return;
  }
  const ir::Template &t = *me->table_.templates[template_id];
  for (const ir::Segment &seg : t.segments) {
    switch (seg.kind) {
    case ir::Segment::Kind::Literal: svc->literal(out, seg.text.data(), seg.text.size()); break;
    case ir::Segment::Kind::Keyword:
      svc->keyword(call, out, static_cast<uint32_t>(seg.keyword), seg.offset, seg.text.data(),
                   seg.text.size());
      break;
    case ir::Segment::Kind::Variable: svc->variable(call, out, seg.var, seg.offset); break;
    case ir::Segment::Kind::LastHeader:
      // The reference walks the IR without analyses: a lookup by name.
      svc->last_header(call, out, seg.text.data(), seg.text.size(), UINT32_MAX);
      break;
    case ir::Segment::Kind::Field:
      svc->field(call, out, seg.field, seg.file.data(), seg.file.size(),
                 seg.sub.empty() || seg.sub[0].empty() ? ir::kNoTemplate
                                                       : me->table_.id(&seg.sub[0]));
      break;
    case ir::Segment::Kind::File:
      svc->file(call, out, seg.sub.empty() ? ir::kNoTemplate : me->table_.id(&seg.sub[0]));
      break;
    case ir::Segment::Kind::Fill:
      svc->fill(call, out, seg.var, seg.text.data(), seg.text.size());
      break;
    case ir::Segment::Kind::Authentication: {
      uint32_t ids[5];
      for (size_t i = 0; i < 5; ++i) {
        ids[i] = i < seg.sub.size() && !seg.sub[i].empty() ? me->table_.id(&seg.sub[i])
                                                           : ir::kNoTemplate;
      }
      svc->authentication(call, out, ids);
      break;
    }
    case ir::Segment::Kind::CustomKey:
      svc->custom_key(call, out, seg.text.data(), seg.text.size());
      break;
    }
  }
}

int Interpreter::run_actions(void *self, const gsp_services *svc, gsp_call *call, uint32_t state) {
  auto *me = static_cast<Interpreter *>(self);
  const size_t main_states = me->s_.states.size();
  const ir::State *st = state < main_states ? &me->s_.states[state]
                        : state - main_states < me->s_.init_states.size()
                            ? &me->s_.init_states[state - main_states]
                            : nullptr;
  if (st == nullptr) {
    return GSP_OK;
  }
  for (uint32_t i = 0; i < st->actions.size(); ++i) {
    int r = svc->action(call, state, i);
    if (r != GSP_OK) {
      return r;
    }
  }
  return GSP_OK;
}

} // namespace gossipper::runtime
