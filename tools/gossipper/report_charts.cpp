//===- report_charts.cpp - The report's chart data ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_charts.hpp"

namespace gossipper::tools::report {
namespace json = boost::json;

std::string Charts::add(json::object chart) {
  std::string slot =
      "<div class=\"chart-slot\" id=\"chart-" + std::to_string(list_.size()) + "\"></div>\n";
  list_.push_back(std::move(chart));
  return slot;
}

std::string Charts::script_text() const {
  // HTML looks for "</script" and "<!--" in a script element, and in JSON a
  // '<' can only be in a string, where \u003c is the same character.
  std::string out;
  for (char c : json::serialize(json::object{{"charts", list_}})) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace gossipper::tools::report
