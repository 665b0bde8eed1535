//===- scenario_run.hpp - One scenario of a run ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A run plays one scenario, or two: the main one and, in client mode,
// -oocsf's out-of-call one. Each has what its calls share on every shard
// (its ScenarioContext), its <Global>/<User> variables, and its screens;
// the shards hold its calls and per-shard statistics. Both kinds are made
// here, the same way.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/scenario_context.hpp"
#include "call/variable_tables.hpp"
#include "ui/screen_printer.hpp"

#include <atomic>
#include <memory>

namespace gossipper::runtime {

struct ScenarioRun {
  ScenarioRun(const RunConfig &cfg, const ir::Scenario &scenario,
              const ir::TemplateTable &templates, const gsp_program *program)
      : variables(scenario), screen(cfg, scenario) {
    ctx.config = &cfg;
    ctx.scenario = &scenario;
    ctx.templates = &templates;
    ctx.program = program;
    ctx.variables = variables.scoped() ? &variables : nullptr;
    ctx.find_default_messages(templates);
  }

  [[nodiscard]] const ir::Scenario &scenario() const { return *ctx.scenario; }

  ScenarioContext ctx;
  ScenarioVariables variables;
  ScreenPrinter screen;
};

} // namespace gossipper::runtime
