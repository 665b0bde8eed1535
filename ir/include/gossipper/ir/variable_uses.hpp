//===- variable_uses.hpp - Where an action reads and writes variables -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One walk over an action's variable operands, telling reads from writes, so
// the passes that need it (the call layout, the runtime's <Global> check)
// cannot disagree about which operand is which. Templates are not walked:
// their [$var] segments are reads, found through the template table.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <type_traits>
#include <variant>

namespace gossipper::ir {

/// Calls `read(VarId)` for every variable `action` reads and `write(VarId)`
/// for every one it assigns (both for a variable rewritten in place). Ids
/// may be kNoVar for an operand not given.
template <typename Read, typename Write>
void for_each_variable_use(const Action &action, Read &&read, Write &&write) {
  std::visit(
      [&](const auto &a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, EregAction>) {
          if (a.search_in == EregAction::SearchIn::Variable) {
            read(a.variable);
          }
          for (VarId v : a.assign_to) {
            write(v);
          }
        } else if constexpr (std::is_same_v<T, ArithmeticAction>) {
          if (a.op != ArithmeticAction::Op::Assign) {
            read(a.target);
          }
          read(a.rhs.var);
          write(a.target);
        } else if constexpr (std::is_same_v<T, ToDoubleAction>) {
          read(a.source);
          write(a.target);
        } else if constexpr (std::is_same_v<T, GetTimeOfDayAction>) {
          write(a.seconds);
          write(a.microseconds);
        } else if constexpr (std::is_same_v<T, StrcmpAction>) {
          read(a.variable);
          read(a.variable2);
          write(a.target);
        } else if constexpr (std::is_same_v<T, TestAction>) {
          read(a.variable);
          read(a.rhs.var);
          write(a.target);
        } else if constexpr (std::is_same_v<T, StringTransformAction>) {
          read(a.variable);
          write(a.variable);
        } else if constexpr (std::is_same_v<T, JumpAction>) {
          read(a.target.var);
        } else if constexpr (std::is_same_v<T, MediaAction>) {
          read(a.toggle.var);
        } else if constexpr (requires { a.target; }) {
          // sample, index, assignstr, verifyauth, lookup: write only.
          if constexpr (std::is_same_v<std::remove_cvref_t<decltype(a.target)>, VarId>) {
            write(a.target);
          }
        }
      },
      action.body);
}

} // namespace gossipper::ir
