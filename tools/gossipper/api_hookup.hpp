//===- api_hookup.hpp - gossipper sipp's HTTP listeners ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The run's API (-api_addr) and Prometheus listener (-metrics_addr), and
// what the runtime's server needs from tools/: the scenario's source, the
// compiler that checks an uploaded scenario for this run (refusing <exec>
// unless -api_allow_exec), and the web panel's embedded files.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sipp_options.hpp"

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/api_server.hpp"
#include "gossipper/runtime/engine.hpp"
#include "gossipper/runtime/run_control.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <memory>

namespace gossipper::tools {

/// Compiles and checks a scenario's text for the run `cl` describes (its
/// -key values known, media files not read); <exec> is an error unless
/// `allow_exec`. `name` names the text in the diagnostics.
[[nodiscard]] std::vector<ir::Diagnostic> check_scenario_text(const SippCommandLine &cl,
                                                              const std::string &xml,
                                                              bool allow_exec,
                                                              const std::string &name);

/// Checks -api_addr, -metrics_addr and the other API options before any
/// traffic.
Expected<void> check_api_options(SippCommandLine &cl);

/// The listeners of a run: its API (-api_addr) and its Prometheus metrics
/// (-metrics_addr); either may be null.
struct RunListeners {
  std::unique_ptr<runtime::ApiServer> api, metrics;
  /// Stops serving: after the run, before the engine goes.
  void stop();
};

/// Starts the listeners of a run whose engine is open, and has the run count
/// their scrapes of /metrics.
Expected<RunListeners> start_listeners(const SippCommandLine &cl, const ir::Scenario &scenario,
                                       runtime::Engine &engine);

} // namespace gossipper::tools
