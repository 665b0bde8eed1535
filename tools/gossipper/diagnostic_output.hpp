//===- diagnostic_output.hpp - Diagnostics as text or JSON -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"

#include <ostream>
#include <vector>

namespace gossipper::tools {

/// `file:line:col: error: message`, one per line, in file order.
void write_text(std::ostream &out, const ir::DiagnosticEngine &file_diags);

/// {"version":1,"files":[{"file":..,"errors":..,"warnings":..,"diagnostics":[..]}]}
void write_json(std::ostream &out, const std::vector<ir::DiagnosticEngine> &files);

} // namespace gossipper::tools
