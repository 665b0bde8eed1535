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

/// A TargetMachine for this host (an error when LLVM has none).
Expected<std::unique_ptr<llvm::TargetMachine>> host_target_machine();

/// The new pass manager's O2 pipeline, tuned for `machine`.
void optimize_module(llvm::Module &module, llvm::TargetMachine *machine);

/// build_module for `machine`, verified, and optimized when `optimize`: what
/// the JIT and the object emitter both compile. An error when the
/// generated code does not verify (a bug of ours).
Expected<std::unique_ptr<llvm::Module>> verified_module(const ir::Scenario &scenario,
                                                        const ir::TemplateTable &templates,
                                                        llvm::LLVMContext &context,
                                                        llvm::TargetMachine &machine, bool optimize,
                                                        const KeywordConstants *constants);

} // namespace gossipper::compiler
