//===- scenario_program.hpp - What runs a scenario's code ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The runtime takes any gsp_program; this picks one for -engine: native
// code (the default) from a precompiled object, else from the compile cache,
// else compiled at start by the JIT; or the IR interpreter, which stays the
// reference.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/native_code.hpp"
#include "gossipper/runtime/interpreter.hpp"
#include "gossipper/runtime/scenario_object.hpp"

#include <memory>
#include <string>

namespace gossipper::tools {

class ScenarioProgram {
public:
  /// `scenario` and `templates` must outlive this.
  ScenarioProgram(const ir::Scenario &scenario, const ir::TemplateTable &templates);

  /// "jit" or "interp"; false (the reason on stderr) when it cannot be
  /// built. With a precompiled `object`, its code runs under "jit".
  /// `constants`: the run's constant keyword texts, baked into code compiled
  /// now (not into a precompiled object, which serves any run).
  bool load(const std::string &engine, const runtime::ScenarioObject *object = nullptr,
            bool use_cache = true, const compiler::KeywordConstants &constants = {});
  [[nodiscard]] const gsp_program *program() const { return program_; }

private:
  const ir::Scenario &scenario_;
  const ir::TemplateTable &templates_;
  runtime::Interpreter interpreter_;
  /// JIT code, owned by the plugin that made it.
  std::unique_ptr<compiler::JitProgram, void (*)(compiler::JitProgram *)> jit_{nullptr, nullptr};
  std::unique_ptr<runtime::ScenarioObject> cached_;
  const gsp_program *program_ = nullptr;
};

} // namespace gossipper::tools
