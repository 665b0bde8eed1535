#include "report_page.hpp"

#include "report_command.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace gossipper::test {
namespace json = boost::json;

const json::object *ReportPage::chart(std::string_view id) const {
  for (const json::value &c : charts) {
    const json::object *o = c.if_object();
    const json::value *cid = o != nullptr ? o->if_contains("id") : nullptr;
    if (cid != nullptr && cid->is_string() && cid->get_string() == id) {
      return o;
    }
  }
  return nullptr;
}

const json::array *ReportPage::points(std::string_view chart_id, std::string_view series) const {
  const json::object *c = chart(chart_id);
  const json::value *all = c != nullptr ? c->if_contains("series") : nullptr;
  if (all == nullptr || !all->is_array()) {
    return nullptr;
  }
  for (const json::value &s : all->get_array()) {
    const json::value *name = s.is_object() ? s.as_object().if_contains("name") : nullptr;
    if (name != nullptr && name->is_string() && name->get_string() == series) {
      return &s.at("points").as_array();
    }
  }
  return nullptr;
}

std::string ReportPage::section(std::string_view id) const {
  std::string open = "<section id=\"" + std::string(id) + "\">";
  size_t at = html.find(open);
  if (at == std::string::npos) {
    return {};
  }
  size_t end = html.find("</section>", at);
  return html.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

ReportPage report_page(const std::string &summary) {
  std::string in = temp_path("summary.json");
  std::string out = temp_path("report.html");
  {
    std::ofstream f(in, std::ios::binary);
    f << summary;
  }
  ReportPage page;
  std::ostringstream err;
  page.rc = tools::run_report(in, out, err);
  page.errors = err.str();
  page.written = std::ifstream(out).good();
  page.html = read_file(out);
  std::remove(in.c_str());
  std::remove(out.c_str());
  const std::string open = "<script id=\"chart-data\" type=\"application/json\">";
  size_t at = page.html.find(open);
  if (at != std::string::npos) {
    at += open.size();
    std::string data = page.html.substr(at, page.html.find("</script>", at) - at);
    boost::system::error_code ec;
    json::value v = json::parse(data, ec);
    EXPECT_FALSE(ec) << "the chart data is not JSON: " << data;
    if (!ec && v.is_object() && v.as_object().contains("charts")) {
      page.charts = v.at("charts").as_array();
    }
  }
  return page;
}

std::string summary_with(const json::object &members) {
  json::object s{{"schema_version", "gossipper_summary_v1"}};
  for (const auto &[key, value] : members) {
    s[key] = value;
  }
  return json::serialize(s);
}

} // namespace gossipper::test
