//===- call_layout.hpp - What one call of a scenario carries ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call holds only the variables its scenario reads: a variable that is
// assigned but never read anywhere (no [$name], no test, no operand) gets no
// slot, and its assignments land in a scratch value no call keeps. <Global>
// variables live once per process, not in the call. The runtime computes the
// same layout from the same IR whatever engine runs the scenario's code, as
// it does the template ids.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"

#include <cstdint>
#include <vector>

namespace gossipper::ir {

inline constexpr uint32_t kNoSlot = UINT32_MAX;

struct CallLayout {
  /// Per variable id: its slot among the call's own values, or kNoSlot for a
  /// variable never read (or <Global>, which the call does not hold).
  std::vector<uint32_t> var_slot;
  /// How many values a call holds.
  uint32_t var_slots = 0;
};

/// Per variable id: whether the scenario ever reads it (templates of `table`,
/// action operands, `test`, `condexec`, `<pause variable>`, and the names the
/// runtime reads itself: `_unexp.retaddr`, `_unexp.pausedaddr`).
[[nodiscard]] std::vector<bool> read_variables(const Scenario &s, const TemplateTable &table);

[[nodiscard]] CallLayout call_layout(const Scenario &s, const TemplateTable &table);

} // namespace gossipper::ir
