//===- jit.cpp - Scenarios compiled in memory with ORC LLJIT --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/native_code.hpp"

#include "codegen.hpp"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
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

/// The address of `symbol` in the JIT's code.
Expected<llvm::orc::ExecutorAddr> lookup(llvm::orc::LLJIT &jit, const char *symbol) {
  auto address = jit.lookup(symbol);
  if (!address) {
    return Error{llvm::toString(address.takeError())};
  }
  return *address;
}

} // namespace

std::string emit_llvm_ir(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                         bool optimize) {
  llvm::LLVMContext context;
  Expected<HostModule> host = host_module(scenario, templates, context, optimize, nullptr);
  if (!host) {
    return "; " + host.error().message + "\n";
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  host->module->print(os, nullptr);
  return os.str();
}

Expected<std::unique_ptr<JitProgram>> JitProgram::compile(const ir::Scenario &scenario,
                                                          const ir::TemplateTable &templates,
                                                          const KeywordConstants *constants) {
  auto context = std::make_unique<llvm::LLVMContext>();
  Expected<HostModule> host = host_module(scenario, templates, *context, true, constants);
  if (!host) {
    return host.error();
  }
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    return Error{llvm::toString(builder.takeError())};
  }
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
  if (!jit) {
    return Error{llvm::toString(jit.takeError())};
  }
  // Copying a long literal run compiles to a call of memcpy: the process's.
  auto libc = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix(), [](const llvm::orc::SymbolStringPtr &name) {
        return *name == "memcpy" || *name == "memmove" || *name == "memset";
      });
  if (!libc) {
    return Error{llvm::toString(libc.takeError())};
  }
  (*jit)->getMainJITDylib().addGenerator(std::move(*libc));
  if (llvm::Error e = (*jit)->addIRModule(
          llvm::orc::ThreadSafeModule(std::move(host->module), std::move(context)))) {
    return Error{llvm::toString(std::move(e))};
  }
  auto render = lookup(**jit, kRenderSymbol);
  auto run_actions = lookup(**jit, kRunActionsSymbol);
  if (!render || !run_actions) {
    return !render ? render.error() : run_actions.error();
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
