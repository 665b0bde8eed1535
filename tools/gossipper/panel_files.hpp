//===- panel_files.hpp - The web panel's files at their paths ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The embedded panel (panel_assets.hpp) as the API serves it, for a run's
// API (-api_addr) and for gossipper server's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/api_server.hpp"

#include <vector>

namespace gossipper::tools {

/// index.html at / (and /index.html), the others at /assets/NAME, as
/// index.html refers to them.
[[nodiscard]] std::vector<runtime::StaticFile> panel_files();

} // namespace gossipper::tools
