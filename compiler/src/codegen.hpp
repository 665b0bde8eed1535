//===- codegen.hpp - Scenario IR to LLVM IR (internal) ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/native_code.hpp"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>

namespace gossipper::compiler {

/// The names the module exports: the two entry points of gsp_program.
inline constexpr const char *kRenderSymbol = "gsp_scenario_render";
inline constexpr const char *kRunActionsSymbol = "gsp_scenario_run_actions";

/// One function per template and per state with actions, and the two entry
/// points that dispatch to them by id.
std::unique_ptr<llvm::Module> build_module(const ir::Scenario &scenario,
                                           const ir::TemplateTable &templates,
                                           llvm::LLVMContext &context,
                                           const KeywordConstants *constants = nullptr);

/// The new pass manager's O2 pipeline, tuned for `machine`.
void optimize_module(llvm::Module &module, llvm::TargetMachine *machine);

/// The host's machine and the scenario's module for it.
struct HostModule {
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::Module> module;
};

/// build_module for this host, verified, and optimized when `optimize`:
/// what the JIT and the object emitter both compile. An error when LLVM has
/// no target for the host, or the generated code does not verify (a bug of
/// ours).
Expected<HostModule> host_module(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                                 llvm::LLVMContext &context, bool optimize,
                                 const KeywordConstants *constants);

} // namespace gossipper::compiler
