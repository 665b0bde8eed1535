//===- runtime_support.hpp - What the runtime can run today ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The front end reads the whole SIPp language; the runtime runs most of it.
// A scenario using something it cannot run yet is refused before any traffic,
// with the place it is used, rather than having that part silently skipped.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"

namespace gossipper::runtime {

/// Reports every unsupported use as an error; true when there is none.
bool check_runtime_support(const ir::Scenario &s, ir::DiagnosticEngine &diags);

} // namespace gossipper::runtime
