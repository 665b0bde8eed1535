//===- report_command.cpp - gossipper report: a run's HTML page -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The page and its sections; the media's are in report_media_section.cpp.
// The tables are written here; the charts are drawn by the page's script from
// a JSON blob of chart data prepared here (report_charts.hpp: rates already
// computed, only finite numbers), so the script has nothing to validate. A
// Content Security Policy in the page forbids loading anything, which keeps
// it self-contained.
//
//===----------------------------------------------------------------------===//
#include "report_command.hpp"

#include "report_assets.hpp"
#include "report_sections.hpp"
#include "report_summary_reading.hpp"

#include "gossipper/stdlib/expected.hpp"
#include "gossipper/stdlib/whole_file.hpp"

#include <boost/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace gossipper::tools {
namespace json = boost::json;
using namespace report;

namespace {

constexpr std::string_view kSchema = "gossipper_summary_v1";

/// The skeleton with each @NAME@ replaced by its value, in one pass: a
/// value is never searched for names itself.
std::string fill(std::string_view skeleton,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  size_t at = 0;
  for (size_t mark = skeleton.find('@'); mark != std::string_view::npos;
       mark = skeleton.find('@', at)) {
    out += skeleton.substr(at, mark - at);
    at = mark + 1;
    for (const auto &[name, value] : values) {
      if (skeleton.substr(mark + 1, name.size() + 1) == std::string(name) + "@") {
        out += value;
        at = mark + name.size() + 2;
        break;
      }
    }
    if (at == mark + 1) {
      out += '@';
    }
  }
  return out + std::string(skeleton.substr(at));
}

std::string page(const json::object &s) {
  ReportParts parts = report_parts(s);
  // web/report/: the skeleton's Content Security Policy forbids loading
  // anything, so the page works offline and as an attachment. The script
  // finds the charts by their classes and data-chart attributes, which
  // tests/interop/report_test.py relies on.
  return fill(report_asset("report.html"), {{"TITLE", parts.title},
                                            {"STYLE", report_asset("report.css")},
                                            {"HEADER", parts.header},
                                            {"BODY", parts.body},
                                            {"CHART_DATA", parts.chart_data},
                                            {"SCRIPT", report_asset("report.js")}});
}

} // namespace

Expected<std::string> report_page(std::string_view summary_json) {
  boost::system::error_code ec;
  json::value summary = json::parse(summary_json, ec);
  if (ec) {
    return Error{"not JSON: " + ec.message()};
  }
  const json::object *s = summary.if_object();
  if (text(member(s, "schema_version")) != kSchema) {
    return Error{std::string("not a ") + std::string(kSchema) + " file"};
  }
  return page(*s);
}

int run_report(const std::string &summary_path, const std::string &out_path, std::ostream &err) {
  Expected<std::string> input = stdlib::read_whole_file(summary_path);
  if (!input) {
    err << "gossipper: " << summary_path << ": cannot read: " << input.error().message << '\n';
    return 1;
  }
  Expected<std::string> html = report_page(*input);
  if (!html) {
    err << "gossipper: " << summary_path << ": " << html.error().message << '\n';
    return 1;
  }
  if (Expected<void> written = stdlib::write_whole_file(out_path, *html); !written) {
    err << "gossipper: " << out_path << ": cannot write: " << written.error().message << '\n';
    return 1;
  }
  return 0;
}

} // namespace gossipper::tools
