//===- run_report.cpp - What a run leaves for machines --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/run_report.hpp"

#include "gossipper/runtime/exit_code.hpp"
#include "gossipper/stdlib/whole_file.hpp"
#include "stats/junit_report.hpp"

#include <algorithm>
#include <cstdio>

namespace gossipper::runtime {

int write_run_reports(SummaryInput in, int code,
                      const std::function<void(const std::string &)> &warn) {
  const RunConfig &cfg = *in.config;
  std::vector<HealthGate> gates = judge_health(cfg, *in.scenario, *in.totals);
  bool healthy =
      std::all_of(gates.begin(), gates.end(), [](const HealthGate &g) { return g.passed; });
  if (cfg.summary_json.empty() && cfg.junit.empty() && gates.empty()) {
    return code;
  }
  in.health = gates;
  // Gates judge the run as a whole: breaking one is exit 2, whatever else.
  in.exit_code = healthy ? code : kExitUnhealthy;
  auto write = [&warn](const std::string &path, const std::string &text) {
    // Whole or not at all: a killed run leaves the previous file.
    if (Expected<void> written = stdlib::write_whole_file(path, text); !written) {
      warn("cannot write '" + path + "': " + written.error().message);
    }
  };
  if (!cfg.summary_json.empty()) {
    write(cfg.summary_json, run_summary_json(in));
  }
  if (!cfg.junit.empty()) {
    write(cfg.junit, junit_report(in));
  }
  for (const HealthGate &g : gates) {
    if (!g.passed) {
      std::fprintf(stderr, "Health gate %s broken: %g (limit %g)\n", g.name.c_str(), g.value,
                   g.limit);
    }
  }
  return in.exit_code;
}

} // namespace gossipper::runtime
