//===- report_charts.hpp - The report's chart data ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The charts of a page, as JSON for the page's script (web/report/report.js)
// to draw: chart N is drawn into the element with id chart-N, which add()
// returns. A chart is {"kind": "line" or "bars", "id", "title", "x_label",
// "y_label"} with, for a line chart, "series": [{"name", "style", "points":
// [[x, y] or null, ...]}] (a null ends a stretch of the line: the next point
// starts another), and for a bar chart "bars": [[label, count], ...]. Every
// number is finite: the script validates nothing.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <string>

namespace gossipper::tools::report {

class Charts {
public:
  /// The chart's slot in the page.
  std::string add(boost::json::object chart);

  /// The charts as JSON that cannot end its <script> element.
  [[nodiscard]] std::string script_text() const;

private:
  boost::json::array list_;
};

} // namespace gossipper::tools::report
