//===- native_code.hpp - Scenarios compiled to native code -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The back end: a verified scenario's templates and action lists become LLVM
// IR (codegen.cpp), optimized with the O2 pipeline (optimizer.cpp), and
// compiled in memory by ORC's LLJIT (jit.cpp). The result implements the
// same gsp_program ABI as the runtime's interpreter, which stays the
// reference: for the same inputs both send the same bytes.
//
// LLVM stays behind this header, so its users need not include LLVM.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"

#include <memory>
#include <string>

namespace gossipper::compiler {

/// The LLVM IR of the scenario's program, as text; optimized when `optimize`.
std::string emit_llvm_ir(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                         bool optimize);

/// A scenario compiled in memory. Owns the code: keep it alive while the
/// runtime uses program().
class JitProgram {
public:
  /// Null, with `error` set, when LLVM cannot compile for this machine.
  static std::unique_ptr<JitProgram> compile(const ir::Scenario &scenario,
                                             const ir::TemplateTable &templates,
                                             std::string &error);
  ~JitProgram();
  JitProgram(const JitProgram &) = delete;
  JitProgram &operator=(const JitProgram &) = delete;

  [[nodiscard]] const gsp_program *program() const { return &program_; }

private:
  JitProgram();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  gsp_program program_{};
};

} // namespace gossipper::compiler
