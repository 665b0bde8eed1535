//===- lowering_variables.cpp - Variables to typed slots ------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A variable's slot is made at its first use; its type is what the actions
// that use it imply, and Any once two of them disagree.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

namespace gossipper::compiler {
namespace {

using ir::VarType;

VarType merge(VarType have, VarType add) {
  if (add == VarType::Unset || have == add) {
    return have;
  }
  if (have == VarType::Unset) {
    return add;
  }
  return VarType::Any;
}

} // namespace

ir::VarId Lowering::var(const std::string &name, ir::SourceLoc loc, VarType type) {
  auto it = vars_.find(name);
  ir::VarId id = 0;
  if (it == vars_.end()) {
    id = static_cast<ir::VarId>(s_.variables.size());
    ir::Variable v;
    v.name = name;
    v.first_loc = loc;
    s_.variables.push_back(std::move(v));
    vars_.emplace(name, id);
  } else {
    id = it->second;
  }
  ir::Variable &v = s_.variables[id];
  ++v.references;
  v.type = merge(v.type, type);
  return id;
}

ir::VarId Lowering::var_attr(const Node &n, std::string_view attr, VarType type) {
  const AttrValue *a = n.attr(attr);
  if (a == nullptr || a->names.empty()) {
    return ir::kNoVar;
  }
  return var(a->names[0], a->value_loc, type);
}

/// <Global variables=> and <User variables=>, before any use so that their
/// scope is set on the slot the uses will find.
void Lowering::declare_scoped_variables(const Node &root) {
  for (const Node &n : root.children) {
    ir::VarScope scope = ir::VarScope::Call;
    if (n.name == "Global") {
      scope = ir::VarScope::Global;
    } else if (n.name == "User") {
      scope = ir::VarScope::User;
    } else {
      continue;
    }
    const AttrValue *a = n.attr("variables");
    if (a == nullptr) {
      continue;
    }
    for (const std::string &name : a->names) {
      if (vars_.contains(name)) {
        d_.error(a->value_loc, "variable '" + name + "' is declared twice");
        continue;
      }
      ir::VarId id = var(name, a->value_loc, VarType::Unset);
      s_.variables[id].scope = scope;
    }
  }
}

/// <Reference variables=>, after every use: it may only name used variables.
void Lowering::apply_references(const Node &root) {
  for (const Node &n : root.children) {
    if (n.name != "Reference") {
      continue;
    }
    const AttrValue *a = n.attr("variables");
    if (a == nullptr) {
      continue;
    }
    for (const std::string &name : a->names) {
      auto it = vars_.find(name);
      if (it == vars_.end()) {
        d_.error(a->value_loc, "<Reference> names '" + name + "', which the scenario never uses");
        continue;
      }
      ir::Variable &v = s_.variables[it->second];
      v.referenced_explicitly = true;
      ++v.references;
    }
  }
}

} // namespace gossipper::compiler
