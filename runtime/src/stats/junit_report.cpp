//===- junit_report.cpp - A run as a JUnit XML report (-junit) ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/junit_report.hpp"
#include "gossipper/stdlib/markup_escape.hpp"

#include <cstdio>

namespace gossipper::runtime {
namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

} // namespace

std::string junit_report(const SummaryInput &in) {
  const StatsSnapshot &t = *in.totals;
  uint64_t failed = t.get(Counter::FailedCall);
  double seconds =
      static_cast<double>(in.finished_us - std::min(in.finished_us, in.started_us)) / 1e6;
  std::string cases;
  size_t failures = 0;
  std::string suite = stdlib::markup_escape(in.config->scenario_name);
  cases += "    <testcase classname=\"" + suite + "\" name=\"calls\" time=\"" + number(seconds) +
           "\">\n";
  if (failed != 0) {
    ++failures;
    cases += "      <failure message=\"" + std::to_string(failed) + " of " +
             std::to_string(failed + t.get(Counter::SuccessfulCall)) +
             " calls failed\" type=\"failed_calls\"/>\n";
  }
  cases += "    </testcase>\n";
  for (const HealthGate &g : in.health) {
    cases += "    <testcase classname=\"" + suite + "\" name=\"health " +
             stdlib::markup_escape(g.name) + "\" time=\"0\">\n";
    if (!g.passed) {
      ++failures;
      cases += "      <failure message=\"" + stdlib::markup_escape(g.name) + ": " +
               number(g.value) + " breaks the limit " + number(g.limit) +
               "\" type=\"health_gate\"/>\n";
    }
    cases += "    </testcase>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"" + suite +
         "\" tests=\"" + std::to_string(1 + in.health.size()) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" time=\"" + number(seconds) + "\">\n" + cases +
         "  </testsuite>\n</testsuites>\n";
}

} // namespace gossipper::runtime
