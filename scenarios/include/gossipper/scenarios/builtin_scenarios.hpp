//===- builtin_scenarios.hpp - The scenarios in the binary -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The XML of scenarios/*.xml, embedded at build time: `-sn NAME` runs one,
// `-sd NAME` prints one. Each was checked by `gossipper check` during the build.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <span>
#include <string_view>

namespace gossipper::scenarios {

struct BuiltinScenario {
  std::string_view name; ///< as SIPp names it: uac, uas, regexp, 3pcc-A, ...
  std::string_view xml;
};

/// In SIPp's order (uac, uas, regexp, 3pcc-C-A, 3pcc-C-B, 3pcc-A, 3pcc-B,
/// branchc, branchs, uac_pcap, ooc_default, ooc_dummy).
[[nodiscard]] std::span<const BuiltinScenario> builtin_scenarios();
[[nodiscard]] const BuiltinScenario *find_builtin(std::string_view name);

} // namespace gossipper::scenarios
