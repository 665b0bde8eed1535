//===- report_over_time.cpp - The report's lines over time ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_over_time.hpp"

#include <algorithm>
#include <cmath>

namespace gossipper::tools::report {
namespace json = boost::json;

json::array flat_line(const std::vector<Sample> &samples, const IntervalValue &value) {
  json::array line;
  size_t prev = 0;
  for (size_t i = 1; i < samples.size(); ++i) {
    const Sample &a = samples[prev], &b = samples[i];
    if (!(b.t_ms > a.t_ms)) {
      continue; // out of order: measured from the sample before instead
    }
    prev = i;
    std::optional<double> v = value(a, b, (b.t_ms - a.t_ms) / 1000);
    if (!v || !std::isfinite(*v)) {
      if (!line.empty() && !line.back().is_null()) {
        line.push_back(nullptr);
      }
      continue;
    }
    line.push_back(json::array{a.t_ms / 1000, *v});
    line.push_back(json::array{b.t_ms / 1000, *v});
  }
  if (!line.empty() && line.back().is_null()) {
    line.pop_back();
  }
  return line;
}

json::array rate_line(const std::vector<Sample> &samples, size_t k) {
  return flat_line(
      samples, [k](const Sample &a, const Sample &b, double seconds) -> std::optional<double> {
        if (k >= a.values.size() || k >= b.values.size() || !a.values[k] || !b.values[k]) {
          return std::nullopt;
        }
        return std::max(0.0, *b.values[k] - *a.values[k]) / seconds;
      });
}

json::array end_value_line(const std::vector<Sample> &samples, size_t k) {
  return flat_line(samples, [k](const Sample &, const Sample &b, double) {
    return k < b.values.size() ? b.values[k] : std::nullopt;
  });
}

} // namespace gossipper::tools::report
