//===- sipp_option_style.hpp - SIPp's one-dash long options ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp writes long options with one dash (-sf, -trace_stat). CLI11 only
// knows --long, and would read -trace_stat as -t race_stat. So before parsing,
// every -name or -name=value whose name is a registered long option becomes
// --name; everything after "--" is left alone.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <set>
#include <string>
#include <vector>

namespace gossipper::tools {

[[nodiscard]] std::vector<std::string> translate_sipp_options(const std::vector<std::string> &args,
                                                              const std::set<std::string> &long_names);

} // namespace gossipper::tools
