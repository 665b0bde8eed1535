//===- metrics_text.hpp - A run's snapshot as Prometheus metrics -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// GET /metrics (docs/metrics.md): the run in Prometheus' text format 0.0.4,
// every series named gossipper_* and labelled with the scenario. Counters
// are since the start of the run ("reset stats" does not lower them: a
// Prometheus counter never goes down); response times and the call length
// are histograms in seconds whose `le` bounds are bounds of the run's own
// latency histogram, so every bucket is exact.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_control.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::api {

/// The content type of the text format.
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

struct MetricsInput {
  std::string_view scenario_name;
  std::string_view version; ///< gossipper_info's
  const ir::Scenario *scenario = nullptr;
  /// RunControl::snapshot_since_start(true): with the latency histograms.
  const RunSnapshot *totals = nullptr;
};

/// The page a scrape gets.
[[nodiscard]] std::string metrics_text(const MetricsInput &in);

/// A label's value as the text format needs it: valid UTF-8, with `\`, `"`
/// and line feeds escaped.
[[nodiscard]] std::string metrics_label_value(std::string_view text);

/// The histograms' upper bounds, in µs: each is the top of a bucket of the
/// latency histogram (LatencyBuckets), near 100 µs, 250 µs, 500 µs, 1 ms ...
/// 30 min.
[[nodiscard]] const std::vector<uint64_t> &metrics_bucket_bounds_us();

} // namespace gossipper::runtime::api
