//===- scenario_context.hpp - What the command line tells the compiler -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The SIPp options that change how a scenario is checked: -key defines
// keywords, -inf gives the injection files, -3pcc/-master/-slave/-slave_cfg
// the command peers.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/frontend.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace gossipper::tools {

struct ScenarioContextOptions {
  std::vector<std::string> keys; ///< -key NAME VALUE, flattened
  std::vector<std::string> injection_files;
  std::vector<std::string> injection_indexes; ///< -infindex FILE FIELD, flattened
  std::string twin_3pcc;
  std::string master;
  std::string slave;
  std::string slave_cfg;
};

/// Reads the files the options name (-inf, -slave_cfg). Reports a problem on
/// `err` and returns false when one cannot be read.
bool make_frontend_options(const ScenarioContextOptions &ctx, compiler::FrontendOptions &out,
                           std::ostream &err);

} // namespace gossipper::tools
