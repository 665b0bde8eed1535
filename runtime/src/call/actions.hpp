//===- actions.hpp - What each scenario action does ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The gsp_services::action service: one action of one element, with SIPp
// 3.6.1's semantics (failed checks are remembered, not fatal; variables keep
// SIPp's types), one function per kind of action. Actions the runtime cannot
// run yet are refused when the scenario is loaded (runtime_support.cpp), so
// they never reach here.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call_environment.hpp"
#include "call/posix_regex.hpp"
#include "call/renderer.hpp"

#include <string_view>
#include <vector>

namespace gossipper::runtime {

class ActionRunner {
public:
  ActionRunner(CallEnvironment &env, Renderer &renderer);

  /// Runs the actions of element `state` (init elements come after the
  /// scenario's) with `msg` as the message they look at: the one received,
  /// or the one just sent. The first result that is not GSP_OK, else GSP_OK.
  int run_state(Call *call, uint32_t state, std::string_view msg);
  /// The same, looking at the message the actions of the element that is
  /// running look at (none at the top).
  int run_state(Call *call, uint32_t state);
  /// One action (the services' `action`).
  int run(Call *call, uint32_t state, uint32_t action);

private:
  int apply(Call *call, const ir::EregAction &a, const PosixRegex &re);
  int apply(Call *call, const ir::LogAction &a);
  int apply(Call *call, const ir::ArithmeticAction &a);
  int apply(Call *call, const ir::SampleAction &a);
  int apply(Call *call, const ir::ToDoubleAction &a);
  int apply(Call *call, const ir::IndexAction &a);
  int apply(Call *call, const ir::GetTimeOfDayAction &a);
  int apply(Call *call, const ir::AssignStrAction &a);
  int apply(Call *call, const ir::StrcmpAction &a);
  int apply(Call *call, const ir::TestAction &a);
  int apply(Call *call, const ir::VerifyAuthAction &a);
  int apply(Call *call, const ir::StringTransformAction &a);
  int apply(Call *call, const ir::JumpAction &a);
  int apply(Call *call, const ir::InjectionFileAction &a);
  int apply(Call *call, const ir::SetDestAction &a);
  int apply(Call *call, const ir::CloseConAction &a);
  int apply(Call *call, const ir::ExecCommandAction &a);
  int apply(Call *call, const ir::InternalCommandAction &a);
  int apply(Call *call, const ir::MediaAction &a);
  /// <setdest>'s checks, in SIPp's order and words; each stops the run.
  void set_destination(Call *call, const std::string &host, const std::string &port,
                       const std::string &protocol);

  CallEnvironment &env_;
  Renderer &renderer_;
  /// The message the running actions look at.
  std::string_view message_;
  /// <ereg>'s expressions compiled once per shard (glibc's regexec locks
  /// per regex_t), by element and action.
  std::vector<std::vector<PosixRegex>> regexes_;
};

} // namespace gossipper::runtime
