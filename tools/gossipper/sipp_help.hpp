//===- sipp_help.hpp - gossipper sipp -h -----------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The help text of `gossipper sipp -h`: the options this build implements,
// written from the option table (sipp_option_table.hpp) in SIPp's layout.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace gossipper::tools {

const std::string &sipp_help_text();

} // namespace gossipper::tools
