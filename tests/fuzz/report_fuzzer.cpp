//===- report_fuzzer.cpp - Any bytes as the summary gossipper report reads ===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// libFuzzer: `gossipper report` reads a -summary_json a user gives it, from
// any run or any hand. Any JSON object (the schema field set or not) through
// the page's sections: fields of any type or value must be left out or
// shown, never a crash, and nothing from the file may close the page's
// <script> element that holds the charts' data, nor open an element in the
// title.
//
//===----------------------------------------------------------------------===//
#include "report_sections.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) {
    return 0;
  }
  gossipper::tools::ReportParts parts = gossipper::tools::report_parts(v.as_object());
  if (parts.body.empty() || parts.header.empty() ||
      parts.chart_data.find("</") != std::string::npos ||
      parts.title.find('<') != std::string::npos) {
    std::abort();
  }
  return 0;
}
