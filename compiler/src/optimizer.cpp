//===- optimizer.cpp - The O2 pipeline for scenario modules ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "codegen.hpp"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>

namespace gossipper::compiler {
namespace {

/// A TargetMachine for this host (an error when LLVM has none).
Expected<std::unique_ptr<llvm::TargetMachine>> host_target_machine() {
  static const bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  std::string triple = llvm::sys::getProcessTriple();
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (target == nullptr) {
    return Error{error};
  }
  llvm::TargetOptions options;
  // Position-independent: the same code serves the JIT and shared objects.
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, llvm::sys::getHostCPUName(), "", options,
                                  llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOpt::Default));
  if (!machine) {
    return Error{"LLVM has no target machine for " + triple};
  }
  return machine;
}

} // namespace

void optimize_module(llvm::Module &module, llvm::TargetMachine *machine) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(machine);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  mpm.run(module, mam);
}

Expected<HostModule> host_module(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                                 llvm::LLVMContext &context, bool optimize,
                                 const KeywordConstants *constants) {
  auto machine = host_target_machine();
  if (!machine) {
    return machine.error();
  }
  std::unique_ptr<llvm::Module> module = build_module(scenario, templates, context, constants);
  module->setDataLayout((*machine)->createDataLayout());
  module->setTargetTriple((*machine)->getTargetTriple().str());
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os)) {
    return Error{"internal error: generated code does not verify: " + os.str()};
  }
  if (optimize) {
    optimize_module(*module, machine->get());
  }
  return HostModule{std::move(*machine), std::move(module)};
}

} // namespace gossipper::compiler
