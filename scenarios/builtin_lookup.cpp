//===- builtin_lookup.cpp - Finding a built-in scenario by name -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/scenarios/builtin_scenarios.hpp"

namespace gossipper::scenarios {

const BuiltinScenario *find_builtin(std::string_view name) {
  for (const BuiltinScenario &s : builtin_scenarios()) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

} // namespace gossipper::scenarios
