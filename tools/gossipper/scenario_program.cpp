//===- scenario_program.cpp - What runs a scenario's code -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "scenario_program.hpp"

#include "codegen_loader.hpp"
#include "compile_cache.hpp"

#include <iostream>

namespace gossipper::tools {

ScenarioProgram::ScenarioProgram(const ir::Scenario &scenario, const ir::TemplateTable &templates)
    : scenario_(scenario), templates_(templates), interpreter_(scenario, templates) {}

bool ScenarioProgram::load(const std::string &engine, const runtime::ScenarioObject *object,
                           bool use_cache, const compiler::KeywordConstants &constants) {
  if (engine == "interp") {
    program_ = interpreter_.program();
    return true;
  }
  if (object != nullptr) {
    program_ = object->program();
    return true;
  }
  if (use_cache) {
    cached_ = CompileCache::get(scenario_, templates_, constants);
    if (cached_) {
      program_ = cached_->program();
      return true;
    }
  }
  auto codegen = codegen_plugin();
  Expected<compiler::JitProgram *> jit =
      codegen ? (*codegen)->jit(scenario_, templates_, &constants) : codegen.error();
  if (!jit) {
    std::cerr << "gossipper: cannot compile the scenario to native code: " << jit.error().message
              << "\n(-engine interp runs it with the interpreter)\n";
    return false;
  }
  jit_ = {*jit, (*codegen)->free_jit};
  program_ = jit_->program();
  return true;
}

} // namespace gossipper::tools
