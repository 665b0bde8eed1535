//===- jit.cpp - Scenarios compiled in memory with ORC LLJIT --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/native_code.hpp"

#include "codegen.hpp"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/Support/raw_ostream.h>

namespace gossipper::compiler {

struct JitProgram::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

JitProgram::JitProgram() : impl_(std::make_unique<Impl>()) {}
JitProgram::~JitProgram() = default;

namespace {

using RenderFn = void (*)(void *, const gsp_services *, gsp_call *, gsp_buf *, uint32_t);
using RunActionsFn = int (*)(void *, const gsp_services *, gsp_call *, uint32_t);

} // namespace

std::string emit_llvm_ir(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                         bool optimize) {
  llvm::LLVMContext context;
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine = host_target_machine(error);
  std::unique_ptr<llvm::Module> module =
      machine ? verified_module(scenario, templates, context, *machine, optimize, error, nullptr)
              : nullptr;
  if (!module) {
    return "; " + error + "\n";
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, nullptr);
  return os.str();
}

std::unique_ptr<JitProgram> JitProgram::compile(const ir::Scenario &scenario,
                                                const ir::TemplateTable &templates,
                                                std::string &error,
                                                const KeywordConstants *constants) {
  auto context = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::TargetMachine> machine = host_target_machine(error);
  std::unique_ptr<llvm::Module> module =
      machine ? verified_module(scenario, templates, *context, *machine, true, error, constants)
              : nullptr;
  if (!module) {
    return nullptr;
  }
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    error = llvm::toString(builder.takeError());
    return nullptr;
  }
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  if (llvm::Error e = (*jit)->addIRModule(
          llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
    error = llvm::toString(std::move(e));
    return nullptr;
  }
  auto render = (*jit)->lookup(kRenderSymbol);
  if (!render) {
    error = llvm::toString(render.takeError());
    return nullptr;
  }
  auto run_actions = (*jit)->lookup(kRunActionsSymbol);
  if (!run_actions) {
    error = llvm::toString(run_actions.takeError());
    return nullptr;
  }
  std::unique_ptr<JitProgram> program(new JitProgram());
  program->impl_->jit = std::move(*jit);
  program->program_.abi_version = GSP_ABI_VERSION;
  program->program_.self = nullptr;
  program->program_.render = render->toPtr<RenderFn>();
  program->program_.run_actions = run_actions->toPtr<RunActionsFn>();
  return program;
}

} // namespace gossipper::compiler
