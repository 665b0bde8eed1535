//===- codegen_plugin.cpp - The code generator as a plugin ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/codegen_plugin.hpp"

namespace {

using namespace gossipper;

Expected<compiler::JitProgram *> jit(const ir::Scenario &scenario,
                                     const ir::TemplateTable &templates,
                                     const compiler::KeywordConstants *constants) {
  auto program = compiler::JitProgram::compile(scenario, templates, constants);
  if (!program) {
    return program.error();
  }
  return program->release();
}

void free_jit(compiler::JitProgram *program) { delete program; }

const compiler::CodegenPluginApi kApi = {compiler::kCodegenPluginVersion, &jit, &free_jit,
                                         &compiler::write_scenario_object, &compiler::emit_llvm_ir};

} // namespace

extern "C" __attribute__((visibility("default"))) const gossipper::compiler::CodegenPluginApi *
gossipper_codegen_plugin() {
  return &kApi;
}
