//===- printer.hpp - Stable text form of the IR ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// `gossipper compile --emit-ir` prints this; golden tests compare it. The
// format only changes on purpose: every line is one fact, in scenario order.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <string>

namespace gossipper::ir {

struct PrintOptions {
  /// Append `@line:col` to states, actions and declarations. Off when two
  /// scenarios written differently are compared for the same behaviour.
  bool locations = true;
};

[[nodiscard]] std::string print_scenario(const Scenario &s, const PrintOptions &opts = {});
[[nodiscard]] std::string print_template(const Template &t, const Scenario &s);
/// A C-style quoted string: printable ASCII as is, the rest escaped.
[[nodiscard]] std::string quote(std::string_view bytes);

} // namespace gossipper::ir
