//===- sipp_service_options.hpp - The API's and Homer's options -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sipp_option_table.hpp"

#include <vector>

namespace gossipper::tools {

/// Ours: the HTTP API, its live WebSocket and the web panel (docs/api.md).
std::vector<SippOption> api_options();

/// Ours: every SIP message and RTCP report mirrored to Homer
/// (docs/observability.md).
std::vector<SippOption> observability_options();

} // namespace gossipper::tools
