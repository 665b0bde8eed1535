//===- report_assets.hpp - The report page's web files ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// web/report/ (the page's skeleton, style sheet and script), embedded at
// build time by cmake/EmbedFiles.cmake: a report is one self-contained file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <span>
#include <string_view>

namespace gossipper::tools {

struct ReportAsset {
  std::string_view name; ///< its file name in web/report/
  std::string_view text;
};

[[nodiscard]] std::span<const ReportAsset> report_assets();

/// The named file's text ("" for a name that is not one).
[[nodiscard]] inline std::string_view report_asset(std::string_view name) {
  for (const ReportAsset &a : report_assets()) {
    if (a.name == name) {
      return a.text;
    }
  }
  return {};
}

} // namespace gossipper::tools
