//===- variable_tables.cpp - Where a scenario's variables live ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/variable_tables.hpp"

#include "gossipper/ir/variable_uses.hpp"

namespace gossipper::runtime {

ScenarioVariables::ScenarioVariables(const ir::Scenario &scenario)
    : scenario_(scenario), globals_(scenario.variables.size()) {
  scopes_.reserve(scenario.variables.size());
  for (const ir::Variable &v : scenario.variables) {
    scopes_.push_back(v.scope);
    scoped_ = scoped_ || v.scope != ir::VarScope::Call;
  }
}

bool ScenarioVariables::set_global(const std::string &name, const std::string &value) {
  for (size_t i = 0; i < scenario_.variables.size(); ++i) {
    if (scenario_.variables[i].name == name && scopes_[i] == ir::VarScope::Global) {
      globals_[i].set_string(value);
      return true;
    }
  }
  return false;
}

std::vector<CallVariable> &ScenarioVariables::user(uint32_t user) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<std::vector<CallVariable>> &table = users_[user];
  if (!table) {
    table = std::make_unique<std::vector<CallVariable>>(scopes_.size());
  }
  return *table;
}

bool ScenarioVariables::assigns_global(const ir::Scenario &scenario) {
  bool found = false;
  auto check = [&](ir::VarId v) {
    found = found ||
            (v < scenario.variables.size() && scenario.variables[v].scope == ir::VarScope::Global);
  };
  for (const auto *states : {&scenario.states, &scenario.init_states}) {
    for (const ir::State &st : *states) {
      for (const ir::Action &a : st.actions) {
        ir::for_each_variable_use(
            a, [](ir::VarId) {}, check);
      }
    }
  }
  return found;
}

CallVariable &CallVariables::scoped(ir::VarId id) {
  switch (shared_->scope(id)) {
  case ir::VarScope::Global: return shared_->global(id);
  case ir::VarScope::User: return user_ != nullptr ? (*user_)[id] : own(id);
  case ir::VarScope::Call: break;
  }
  return own(id);
}

CallVariable &CallVariables::unread() {
  // Per thread: calls of different shards write it at once.
  thread_local CallVariable scratch;
  return scratch;
}

} // namespace gossipper::runtime
