//===- sipp_event_options.hpp - The structured events' options -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sipp_option_table.hpp"

#include <vector>

namespace gossipper::tools {

/// Ours: -log_file_jsonl, -log_stdout, -log_otel_*, -log_attr, -log_level
/// (docs/observability.md), in the traces' section after -log_file.
std::vector<SippOption> event_options();

} // namespace gossipper::tools
