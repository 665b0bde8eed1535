//===- sipp_command.cpp - gossipper sipp ----------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "commands.hpp"

#include "gossipper/scenarios/builtin_scenarios.hpp"

namespace gossipper::tools {

// SIPp's exit codes for these informational runs.
constexpr int kExitInfo = 99;
constexpr int kExitFatal = 1; // what sipp 3.6.1 returns for an unknown -sd name

std::string version_string() { return "Gossipper " GOSSIPPER_VERSION; }

std::string unknown_builtin(const std::string &name) {
  std::string message = "Invalid default scenario name '" + name + "'; the built-in scenarios are:";
  for (const scenarios::BuiltinScenario &b : scenarios::builtin_scenarios()) {
    message += ' ';
    message += b.name;
  }
  return message;
}

int run_sipp_dump(const std::string &name, std::ostream &out, std::ostream &err) {
  const scenarios::BuiltinScenario *s = scenarios::find_builtin(name);
  if (s == nullptr) {
    err << unknown_builtin(name) << '\n';
    return kExitFatal;
  }
  out << s->xml;
  return kExitInfo;
}

int run_sipp_version(std::ostream &out) {
  out << "\n " << version_string() << " (SIPp-compatible command line)\n\n"
      << " This program is free software under the GNU Affero General Public\n"
      << " License, version 3 or later.\n\n";
  return kExitInfo;
}

} // namespace gossipper::tools
