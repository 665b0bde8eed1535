//===- frontend.hpp - Scenario file to verified IR -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The whole front end in one call: read, parse XML, build the AST, lower,
// verify. Every stage reports into the same DiagnosticEngine and the run goes
// as far as it can, so one call lists all of a file's problems.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/ast.hpp"
#include "gossipper/compiler/lowering.hpp"
#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/verifier.hpp"

#include <optional>
#include <string>

namespace gossipper::compiler {

struct FrontendOptions {
  LoweringOptions lowering;
  ir::VerifyContext verify;
};

struct FrontendResult {
  std::optional<ScenarioAst> ast;
  /// Set when the file was read and lowered, even with errors (for printing);
  /// use it to run only when the DiagnosticEngine has no error.
  std::optional<ir::Scenario> scenario;
};

[[nodiscard]] FrontendResult compile_source(const SourceBuffer &src, const FrontendOptions &opts,
                                            ir::DiagnosticEngine &diags);
[[nodiscard]] FrontendResult compile_file(const std::string &path, const FrontendOptions &opts,
                                          ir::DiagnosticEngine &diags);

} // namespace gossipper::compiler
