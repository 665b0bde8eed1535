//===- report_sections.hpp - The sections of gossipper report's page -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a -summary_json says, as the HTML of the report page's parts; the
// page's skeleton, style and script (web/report/) wrap them
// (report_command.cpp). Apart from the embedded files so that
// tests/fuzz/report_fuzzer.cpp reads any summary through them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <string>

namespace gossipper::tools {

struct ReportParts {
  std::string title;      ///< escaped
  std::string header;     ///< <header>: the title, health and exit code
  std::string body;       ///< the sections
  std::string chart_data; ///< JSON for the page's script (inside <script>)
};

/// The page's parts for the summary `s` (a gossipper_summary_v1 object);
/// missing or mistyped fields are left out.
[[nodiscard]] ReportParts report_parts(const boost::json::object &s);

} // namespace gossipper::tools
