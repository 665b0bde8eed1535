//===- report_command.hpp - gossipper report: a run's HTML page -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Turns the -summary_json of `gossipper sipp` into one self-contained HTML
// page: the run's figures and tables, and charts that the page's own script
// draws from data embedded in it. Viewing it needs no network.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace gossipper::tools {

/// Writes the page of the summary at `summary_path` to `out_path`. 0 on
/// success; 1, with one line on `err`, when the summary cannot be read, is not
/// JSON or not gossipper_summary_v1 (nothing is written then), or when the page
/// cannot be written. Missing or mistyped fields are left out of the page.
/// The page of a -summary_json document's text; an error when it is not
/// JSON or not a gossipper_summary_v1.
Expected<std::string> report_page(std::string_view summary_json);

int run_report(const std::string &summary_path, const std::string &out_path, std::ostream &err);

} // namespace gossipper::tools
