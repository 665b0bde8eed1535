//===- report_sections.cpp - The sections of gossipper report's page -----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_sections.hpp"

#include "report_charts.hpp"
#include "report_media_section.hpp"
#include "report_over_time.hpp"
#include "report_summary_reading.hpp"
#include "report_text.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace gossipper::tools {
namespace json = boost::json;
using namespace report;

namespace {

std::string verdict(std::optional<bool> passed) {
  if (!passed) {
    return "<span class=\"verdict\">not recorded</span>";
  }
  return *passed ? "<span class=\"verdict pass\">passed</span>"
                 : "<span class=\"verdict fail\">failed</span>";
}

std::string overview(const json::object &s) {
  struct Field {
    std::string_view key, label;
    Shown as;
  };
  static constexpr Field kFields[] = {
      {"scenario", "Scenario", Shown::Text},
      {"tool_version", "Tool", Shown::Text},
      {"started_at", "Started", Shown::Text},
      {"finished_at", "Finished", Shown::Text},
      {"duration", "Duration", Shown::Duration},
      {"exit_code", "Exit code", Shown::Count},
      {"total_calls", "Total calls", Shown::Count},
      {"success_calls", "Successful calls", Shown::Count},
      {"failed_calls", "Failed calls", Shown::Count},
      {"active_calls", "Calls still open at the end", Shown::Count},
      {"success_ratio", "Success ratio", Shown::Ratio},
      {"calls_per_second", "Calls per second", Shown::PerSecond},
      {"retransmits", "Retransmissions", Shown::Count},
      {"timeouts", "Timeouts", Shown::Count},
  };
  std::string html = "<section id=\"overview\">\n<h2>Run</h2>\n<table class=\"kv\">\n";
  for (const Field &f : kFields) {
    if (std::optional<std::string> v = shown(member(&s, f.key), f.as)) {
      html += key_value_row(f.label, *v);
    }
  }
  return html + "</table>\n</section>\n";
}

/// The cumulative totals over time (calls, failed calls), from the start to
/// the end of the run.
std::vector<Sample> rate_samples(const json::object &s) {
  std::vector<Sample> samples;
  if (const json::array *points = array_member(object_member(&s, "rate_over_time"), "points")) {
    for (const json::value &p : *points) {
      std::optional<double> t = number(member(p.if_object(), "t_ms"));
      std::optional<double> total = number(member(p.if_object(), "total_calls"));
      std::optional<double> failed = number(member(p.if_object(), "failed_calls"));
      if (t && total && failed) {
        samples.push_back({*t, {total, failed}});
      }
    }
  }
  if (!samples.empty()) {
    // The totals count from the start of the run, where there was no call
    // yet, up to its end, where they are the summary's own totals: the first
    // and the last interval are measured too.
    samples.insert(samples.begin(), Sample{0, {0.0, 0.0}});
    std::optional<double> duration = number(member(&s, "duration"));
    std::optional<double> total = number(member(&s, "total_calls"));
    std::optional<double> failed = number(member(&s, "failed_calls"));
    if (duration && total && failed) {
      samples.push_back({*duration / 1e6, {total, failed}});
    }
  }
  return samples;
}

std::string rate_section(const json::object &s, Charts &charts) {
  std::string html = "<section id=\"rate\">\n<h2>Call rate and failures over time</h2>\n";
  std::vector<Sample> samples = rate_samples(s);
  json::array calls = rate_line(samples, 0);
  if (calls.empty()) {
    return html + "<p class=\"absent\">This summary has no call rate samples.</p>\n</section>\n";
  }
  json::array series{
      json::object{{"name", "calls/s"}, {"style", "calls"}, {"points", std::move(calls)}},
      json::object{
          {"name", "failed calls/s"}, {"style", "failed"}, {"points", rate_line(samples, 1)}}};
  html += charts.add(json::object{{"kind", "line"},
                                  {"id", "rate"},
                                  {"title", "Call rate and failures over time"},
                                  {"x_label", "time since the start (s)"},
                                  {"y_label", "calls per second"},
                                  {"series", std::move(series)}});
  return html + "</section>\n";
}

/// A duration series of the summary (a response time or the call length).
struct Series {
  std::string id, title;
  const json::object *data;
};

std::string statistics_row(const Series &series) {
  std::string row = "<tr><th scope=\"row\">" + escape(series.title) + "</th>" +
                    cell(count(member(series.data, "count")), "num");
  for (std::string_view key : {"average", "min", "max", "stddev", "p50", "p90", "p99", "p99_9"}) {
    row += cell(number_as(member(series.data, key), milliseconds), "num");
  }
  return row + "</tr>\n";
}

std::string response_time_section(const json::object &s, Charts &charts) {
  std::vector<Series> all;
  if (const json::object *rtd = object_member(&s, "rtd")) {
    for (const auto &[name, data] : *rtd) {
      if (data.is_object()) {
        std::string n(name);
        all.push_back({"rtd:" + n, "Response time " + n, &data.get_object()});
      }
    }
  }
  if (const json::object *length = object_member(&s, "call_length")) {
    all.push_back({"call_length", "Call length", length});
  }
  std::string html = "<section id=\"response-times\">\n<h2>Response times</h2>\n";
  if (all.empty()) {
    return html + "<p class=\"absent\">This summary has no response times.</p>\n</section>\n";
  }
  html += "<table class=\"grid\">\n<tr><th></th><th>count</th><th>average</th><th>min</th>"
          "<th>max</th><th>stddev</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th></tr>\n"
          "<tr class=\"unit\"><th></th><th></th><th colspan=\"8\">milliseconds</th></tr>\n";
  for (const Series &series : all) {
    html += statistics_row(series);
  }
  html += "</table>\n";
  for (const Series &series : all) {
    json::array bars;
    if (const json::array *buckets = array_member(series.data, "buckets")) {
      for (const json::value &b : *buckets) {
        std::optional<std::string> label = text(member(b.if_object(), "label"));
        std::optional<double> n = number(member(b.if_object(), "count"));
        if (label && n) {
          bars.push_back(json::array{json::string(*label), *n});
        }
      }
    }
    if (!bars.empty()) {
      html += charts.add(json::object{{"kind", "bars"},
                                      {"id", series.id},
                                      {"title", series.title},
                                      {"x_label", "duration"},
                                      {"y_label", "calls"},
                                      {"bars", std::move(bars)}});
    }
  }
  return html + "</section>\n";
}

std::string failure_section(const json::object &s) {
  std::string html = "<section id=\"failures\">\n<h2>Failures</h2>\n";
  if (const json::object *classes = object_member(&s, "failure_classes")) {
    html += "<table class=\"kv\">\n<caption>Failure classes</caption>\n";
    for (const auto &[name, value] : *classes) {
      if (std::optional<std::string> n = count(&value)) {
        html += key_value_row(name, *n);
      }
    }
    html += "</table>\n";
  }
  if (const json::object *counters = object_member(&s, "sipp_counters")) {
    std::string rows;
    for (const auto &[name, value] : *counters) {
      std::optional<double> n = number(&value);
      if (n && *n != 0) {
        rows += key_value_row(name, *count(&value));
      }
    }
    html += rows.empty() ? "<p>Every SIPp counter is zero.</p>\n"
                         : "<table class=\"kv\">\n<caption>SIPp counters (non-zero)</caption>\n" +
                               rows + "</table>\n";
  }
  return html + "</section>\n";
}

std::string health_section(const json::object &s) {
  const json::object *health = object_member(&s, "health");
  std::string html =
      "<section id=\"health\">\n<h2>Health gates: " + verdict(flag(member(health, "passed"))) +
      "</h2>\n";
  const json::array *gates = array_member(health, "gates");
  if (gates == nullptr || gates->empty()) {
    return html + "<p>No health gate was set (-health_*).</p>\n</section>\n";
  }
  html += "<table class=\"grid\">\n<tr><th>gate</th><th>limit</th><th>value</th><th>verdict</th>"
          "</tr>\n";
  for (const json::value &g : *gates) {
    const json::object *gate = g.if_object();
    html += "<tr>" + cell(text(member(gate, "name"))) +
            cell(number_as(member(gate, "limit"), general), "num") +
            cell(number_as(member(gate, "value"), general), "num") + "<td>" +
            verdict(flag(member(gate, "passed"))) + "</td></tr>\n";
  }
  return html + "</table>\n</section>\n";
}

std::string generator_section(const json::object &s) {
  const json::object *generator = object_member(&s, "generator");
  if (generator == nullptr) {
    return {};
  }
  std::string html = "<section id=\"generator\">\n<h2>Generator</h2>\n<table class=\"kv\">\n";
  for (const auto &[name, value] : *generator) {
    // receive_drops is null where the kernel does not tell.
    std::optional<std::string> shown_value =
        value.is_null() ? std::optional<std::string>("unknown") : count(&value);
    if (!shown_value) {
      shown_value = text(&value);
    }
    if (shown_value) {
      html += key_value_row(name, *shown_value);
    }
  }
  return html + "</table>\n</section>\n";
}

} // namespace

ReportParts report_parts(const json::object &s) {
  std::optional<std::string> scenario = text(member(&s, "scenario"));
  std::string title =
      escape(scenario ? "Gossipper report: " + *scenario : std::string("Gossipper report"));
  Charts charts;
  // One statement per section: the charts are numbered in the page's order.
  std::string body = overview(s);
  body += rate_section(s, charts);
  body += response_time_section(s, charts);
  body += failure_section(s);
  body += media_section(s);
  body += media_over_time_section(s, charts);
  body += health_section(s);
  body += generator_section(s);
  std::string header = "<header>\n<h1>" + title + "</h1>\n<p>Health: " +
                       verdict(flag(member(object_member(&s, "health"), "passed")));
  if (std::optional<std::string> code = count(member(&s, "exit_code"))) {
    header += " · exit code " + escape(*code);
  }
  header += "</p>\n";
  // gossipper summary merge's summaries list the shards they add up.
  if (const json::array *shards = array_member(&s, "shards")) {
    std::string line = "Merged from " + std::to_string(shards->size()) +
                       (shards->size() == 1 ? " shard" : " shards");
    if (std::optional<std::string> of =
            count(member(shards->empty() ? nullptr : (*shards)[0].if_object(), "count"))) {
      line += " of a run in " + escape(*of);
    }
    header += "<p class=\"merged\">" + line + " (gossipper summary merge)</p>\n";
  }
  header += "</header>\n";
  return {title, header, body, charts.script_text()};
}

} // namespace gossipper::tools
