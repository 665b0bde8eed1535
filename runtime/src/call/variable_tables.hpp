//===- variable_tables.hpp - Where a scenario's variables live -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp has three lifetimes for a variable: the call's own (the default), one
// value for the whole process (<Global>, which -set fills), and one value per
// -users user that survives from one of the user's calls to the next (<User>).
// A call reaches all three through its CallVariables, indexed by the IR's
// variable id; a scenario without <Global> or <User> pays one null check.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call_variable.hpp"
#include "gossipper/ir/call_layout.hpp"
#include "gossipper/ir/scenario.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gossipper::runtime {

/// The process's <Global> values and the users' <User> values of one scenario.
class ScenarioVariables {
public:
  explicit ScenarioVariables(const ir::Scenario &scenario);

  /// True when the scenario declares a <Global> or <User> variable.
  [[nodiscard]] bool scoped() const { return scoped_; }
  [[nodiscard]] ir::VarScope scope(ir::VarId id) const { return scopes_[id]; }
  [[nodiscard]] size_t size() const { return scopes_.size(); }
  CallVariable &global(ir::VarId id) { return globals_[id]; }

  /// -set NAME VALUE: false when the scenario declares no <Global> NAME, which
  /// SIPp refuses.
  bool set_global(const std::string &name, const std::string &value);

  /// The <User> values of -users user `user` (not 0), made on first use. The
  /// table is only touched by the one call that holds the user, so it needs
  /// the lock only to be found.
  std::vector<CallVariable> &user(uint32_t user);

  /// True when an action assigns a <Global>: the calls that share it must then
  /// run on one thread (SIPp's are all on one).
  [[nodiscard]] static bool assigns_global(const ir::Scenario &scenario);

private:
  const ir::Scenario &scenario_;
  std::vector<ir::VarScope> scopes_;
  std::vector<CallVariable> globals_;
  bool scoped_ = false;
  std::mutex mu_;
  std::unordered_map<uint32_t, std::unique_ptr<std::vector<CallVariable>>> users_;
};

/// A call's view of its variables: its own, and the shared ones by reference.
/// It holds only the variables the scenario reads (ir/call_layout.hpp); the
/// others are written to a scratch value nothing reads.
class CallVariables {
public:
  /// `user` is the call's -users user, 0 without -users (its <User> variables
  /// are then its own, as in SIPp).
  void init(const ir::CallLayout &layout, ScenarioVariables *shared, uint32_t user) {
    own_.resize(layout.var_slots);
    slot_ = layout.var_slot.data();
    count_ = layout.var_slot.size();
    shared_ = shared != nullptr && shared->scoped() ? shared : nullptr;
    user_ = shared_ != nullptr && user != 0 ? &shared_->user(user) : nullptr;
  }

  CallVariable &operator[](ir::VarId id) {
    if (shared_ == nullptr) [[likely]] {
      return own(id);
    }
    return scoped(id);
  }
  /// The scenario's number of variables (ids run below it).
  [[nodiscard]] size_t size() const { return count_; }

private:
  CallVariable &own(ir::VarId id) {
    uint32_t slot = slot_[id];
    return slot != ir::kNoSlot ? own_[slot] : unread();
  }
  CallVariable &scoped(ir::VarId id);
  static CallVariable &unread();

  std::vector<CallVariable> own_;
  const uint32_t *slot_ = nullptr;
  size_t count_ = 0;
  ScenarioVariables *shared_ = nullptr;
  std::vector<CallVariable> *user_ = nullptr;
};

} // namespace gossipper::runtime
