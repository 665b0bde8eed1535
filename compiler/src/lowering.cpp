//===- lowering.cpp - AST to IR: resolving every name ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The driver: the order of the steps over the whole scenario, and what can
// only be settled once every state is lowered (labels, mode, the built-in
// default messages). The steps themselves are in lowering_*.cpp.
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/lowering.hpp"

#include "lowering_pass.hpp"

#include "gossipper/compiler/default_messages.hpp"

#include <variant>

namespace gossipper::compiler {
namespace {

void resolve_labels(std::vector<ir::State> &states, const std::vector<ir::Label> &labels) {
  auto find = [&labels](const std::string &name) {
    for (const ir::Label &l : labels) {
      if (l.name == name) {
        return l.index;
      }
    }
    return ir::kNoState;
  };
  for (ir::State &st : states) {
    if (st.next.present()) {
      st.next.index = find(st.next.name);
    }
    if (st.on_timeout.present()) {
      st.on_timeout.index = find(st.on_timeout.name);
    }
  }
}

/// SIPp's rule: the first send or sendCmd makes a client, the first recv or
/// recvCmd a server; pauses and nops may come first.
ir::Mode compute_mode(const ir::Scenario &s) {
  for (const ir::State &st : s.states) {
    if (std::holds_alternative<ir::SendState>(st.body) ||
        std::holds_alternative<ir::SendCmdState>(st.body)) {
      return ir::Mode::Client;
    }
    if (std::holds_alternative<ir::RecvState>(st.body) ||
        std::holds_alternative<ir::RecvCmdState>(st.body)) {
      return ir::Mode::Server;
    }
  }
  return ir::Mode::Unknown;
}

} // namespace

ir::Scenario Lowering::run() {
  const Node &root = ast_.root;
  s_.file = src_.name();
  s_.loc = root.loc;
  if (const AttrValue *name = root.attr("name")) {
    s_.name = name->text;
  }
  declare_scoped_variables(root);
  for (const Node &n : root.children) {
    lower_top_level(n);
  }
  apply_references(root);
  resolve_labels(s_.states, s_.labels);
  resolve_labels(s_.init_states, s_.init_labels);
  for (const ir::Label &l : s_.labels) {
    if (l.name == "_unexp.main") {
      s_.unexpected_jump = l.index;
      break;
    }
  }
  s_.mode = compute_mode(s_);
  add_builtin_default_messages();
  return std::move(s_);
}

/// SIPp's own ack/bye/cancel/200/3pcc_abort, where the scenario has none.
void Lowering::add_builtin_default_messages() {
  for (auto &[id, ast] : builtin_default_messages()) {
    bool given = false;
    for (const ir::DefaultMessage &d : s_.default_messages) {
      given = given || d.id == id;
    }
    if (!given) {
      ir::DefaultMessage d;
      d.id = id;
      d.message = lower_template(ast);
      d.builtin = true;
      s_.default_messages.push_back(std::move(d));
    }
  }
}

ir::Scenario lower(const ScenarioAst &ast, const SourceBuffer &src, const LoweringOptions &opts,
                   ir::DiagnosticEngine &diags) {
  return Lowering(ast, src, opts, diags).run();
}

} // namespace gossipper::compiler
