//===- lowering.hpp - AST to IR: resolving every name ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Turns the typed AST into the IR: keywords become segments, variables slots,
// labels state indices, RTDs and counters indices. Problems of meaning that
// need the whole scenario (unknown label, variable used once) are left to the
// verifier, which sees the IR.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/ast.hpp"
#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"

#include <optional>
#include <set>
#include <string>

namespace gossipper::compiler {

struct LoweringOptions {
  /// Names given with -key NAME VALUE: usable as [NAME] in messages.
  std::set<std::string> custom_keys;
};

[[nodiscard]] ir::Scenario lower(const ScenarioAst &ast, const SourceBuffer &src,
                                 const LoweringOptions &opts, ir::DiagnosticEngine &diags);

} // namespace gossipper::compiler
