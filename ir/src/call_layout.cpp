//===- call_layout.cpp - What one call of a scenario carries --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/call_layout.hpp"

#include "gossipper/ir/variable_uses.hpp"

namespace gossipper::ir {

std::vector<bool> read_variables(const Scenario &s, const TemplateTable &table) {
  std::vector<bool> read(s.variables.size(), false);
  auto mark = [&](VarId v) {
    if (v < read.size()) {
      read[v] = true;
    }
  };
  for (const Template *t : table.templates) {
    for (const Segment &seg : t->segments) {
      mark(seg.var); // [$name], and [fill variable=]'s count
    }
  }
  for (const auto *states : {&s.states, &s.init_states}) {
    for (const State &st : *states) {
      mark(st.test);
      mark(st.condexec);
      if (const auto *pause = std::get_if<PauseState>(&st.body)) {
        mark(pause->variable);
      }
      for (const Action &a : st.actions) {
        for_each_variable_use(a, mark, [](VarId) {});
      }
    }
  }
  // The runtime's own: where an unexpected message returns to.
  for (const char *name : {"_unexp.retaddr", "_unexp.pausedaddr"}) {
    if (const Variable *v = s.find_variable(name)) {
      mark(static_cast<VarId>(v - s.variables.data()));
    }
  }
  return read;
}

CallLayout call_layout(const Scenario &s, const TemplateTable &table) {
  std::vector<bool> read = read_variables(s, table);
  CallLayout layout;
  layout.var_slot.assign(s.variables.size(), kNoSlot);
  for (size_t v = 0; v < s.variables.size(); ++v) {
    if (read[v] && s.variables[v].scope != VarScope::Global) {
      layout.var_slot[v] = layout.var_slots++;
    }
  }
  return layout;
}

} // namespace gossipper::ir
