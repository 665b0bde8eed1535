// gossipper report run on a summary given as text, for the report's tests:
// its exit code, what it wrote on standard error, and the page with the
// chart data its script would draw.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace gossipper::test {

struct ReportPage {
  int rc = -1;
  std::string errors;
  bool written = false; ///< a page file exists
  std::string html;
  boost::json::array charts; ///< the embedded chart data's "charts"

  /// The chart with this id (nullptr: none).
  [[nodiscard]] const boost::json::object *chart(std::string_view id) const;
  /// The series of that chart named `name` (nullptr: none).
  [[nodiscard]] const boost::json::array *points(std::string_view chart_id,
                                                 std::string_view series) const;
  /// The HTML of <section id="id"> ("" when the page has none).
  [[nodiscard]] std::string section(std::string_view id) const;
};

/// Writes `summary` to a file, runs gossipper report on it, reads the page.
ReportPage report_page(const std::string &summary);

/// A gossipper_summary_v1 object with `members` added: a minimal summary.
std::string summary_with(const boost::json::object &members);

} // namespace gossipper::test
