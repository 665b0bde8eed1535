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
#include "gossipper/stdlib/expected.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace gossipper::compiler {

/// Texts of the keywords that are the same for every call of a run, by
/// (keyword, offset) (runtime/run_constants.hpp makes them). Code generated
/// with them copies those texts together with the literal text around them.
/// Code for a .gso made by `gossipper compile` has none: it serves any run.
using KeywordConstants = std::map<std::pair<uint32_t, int32_t>, std::string>;

/// The LLVM IR of the scenario's program, as text; optimized when `optimize`.
std::string emit_llvm_ir(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                         bool optimize);

/// What a precompiled scenario object (.gso) records about itself, besides
/// its code: enough to refuse one that does not fit, and the scenario's source
/// so the runtime can rebuild the IR the code was made from.
struct ObjectInfo {
  std::string source;           ///< the scenario's bytes
  std::string file;             ///< its name, for diagnostics
  std::string compiler_version; ///< Gossipper's version
};

/// Compiles the scenario to a shared object at `path`: the code, a manifest
/// (ABI version, compiler version, target, source hash, scenario name, mode,
/// counters, RTD names, variables, -inf fields) and the source. Uses the
/// system linker (`ld`, from binutils) to make the shared object.
Expected<void> write_scenario_object(const ir::Scenario &scenario,
                                     const ir::TemplateTable &templates, const ObjectInfo &info,
                                     const std::string &path,
                                     const KeywordConstants *constants = nullptr);

/// A scenario compiled in memory. Owns the code: keep it alive while the
/// runtime uses program().
class JitProgram {
public:
  /// An error when LLVM cannot compile for this machine.
  static Expected<std::unique_ptr<JitProgram>> compile(const ir::Scenario &scenario,
                                                       const ir::TemplateTable &templates,
                                                       const KeywordConstants *constants = nullptr);
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
