//===- metrics_endpoint.hpp - GET /metrics, and its own listener -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The Prometheus scrape of a run (docs/metrics.md): on the API's listener
// (-api_addr) beside /api/v1, or on a listener of its own (-metrics_addr)
// that serves nothing else. The API's token applies, as Bearer (Prometheus'
// `authorization:` in a scrape config) or ?token=. Every scrape answered or
// refused is counted for the run's summary and final screen.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/api_server.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace gossipper::runtime::api {

inline constexpr std::string_view kMetricsPath = "/metrics";

class MetricsEndpoint {
public:
  MetricsEndpoint(const ApiSources &sources, RunControl &run, std::string token);
  /// A request to /metrics: the page (GET, HEAD), 401 without the token,
  /// 405 for another method.
  [[nodiscard]] ApiResponse handle(const ApiRequest &r) const;

private:
  const ApiSources &sources_;
  RunControl &run_;
  std::string token_;
};

/// The handler of -metrics_addr's listener: /metrics, 404 for anything else.
[[nodiscard]] std::unique_ptr<ApiHandler> metrics_handler(const ApiOptions &options,
                                                          ApiSources sources, RunControl &run);

} // namespace gossipper::runtime::api
