//===- codegen_plugin.cpp - The code generator as a plugin ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/codegen_plugin.hpp"

namespace {

using namespace gossipper;

compiler::JitProgram *jit(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                          std::string &error, const compiler::KeywordConstants *constants) {
  return compiler::JitProgram::compile(scenario, templates, error, constants).release();
}

void free_jit(compiler::JitProgram *program) { delete program; }

const compiler::CodegenPluginApi kApi = {compiler::kCodegenPluginVersion, &jit, &free_jit,
                                         &compiler::write_scenario_object,
                                         &compiler::emit_llvm_ir};

} // namespace

extern "C" __attribute__((visibility("default"))) const gossipper::compiler::CodegenPluginApi *
gossipper_codegen_plugin() {
  return &kApi;
}
