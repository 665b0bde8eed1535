//===- junit_report.hpp - A run as a JUnit XML report (-junit) -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// For CI systems: one test suite named after the scenario, a test case for
// the calls (failed when any call failed) and one per health gate.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "stats/run_summary.hpp"

#include <string>

namespace gossipper::runtime {

[[nodiscard]] std::string junit_report(const SummaryInput &in);

} // namespace gossipper::runtime
