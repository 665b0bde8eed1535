//===- api_routes.hpp - What each /api/v1 route answers ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The protocol logic of the API, apart from its I/O (api_server.cpp): a
// request in, a response out. Authentication, routing, methods, the JSON
// of each route and its errors; the panel's files. Called on the API's
// thread only, as the live history it reads is.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "api/api_error.hpp"
#include "api/api_log.hpp"
#include "api/live_history.hpp"
#include "api/metrics_endpoint.hpp"
#include "gossipper/runtime/api_server.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace gossipper::runtime::api {

using Request = ApiRequest;
using Response = ApiResponse;

/// The path of a target (before '?'), and its `token` query parameter.
struct Target {
  std::string path;
  std::string token;
};
[[nodiscard]] Target split_target(std::string_view target);

/// The largest body a request to `target` may carry.
[[nodiscard]] size_t body_limit(std::string_view method, std::string_view target);
inline constexpr size_t kScenarioBodyLimit = size_t{16} * 1024 * 1024;
inline constexpr size_t kBodyLimit = size_t{64} * 1024;

[[nodiscard]] Response error_response(const ApiError &e);
/// A comparison whose time does not depend on where the two differ.
[[nodiscard]] bool same_secret(std::string_view a, std::string_view b);

class Routes {
public:
  Routes(const ApiOptions &options, const ApiSources &sources, RunControl &run,
         const LiveHistory &history, ApiLog &log);

  /// The token's check, for every /api/ route (the panel's files are open).
  [[nodiscard]] bool authorized(const Request &r) const;
  [[nodiscard]] Response handle(const Request &r);
  /// The live frame (and GET /stats): the snapshot now.
  [[nodiscard]] std::string stats_text(const RunSnapshot &snapshot) const;

private:
  Response api(const Request &r, const std::string &path);
  Response control(const Request &r);
  /// PUT /scenario (checked only), or with `apply` POST /scenario/apply
  /// (new calls play it).
  Response upload_scenario(const Request &r, bool apply);
  [[nodiscard]] Response scenario() const;
  [[nodiscard]] Response transports() const;
  /// /downloads/NAME: summary.json, report.html, stat.csv.
  [[nodiscard]] Response download(std::string_view name) const;
  [[nodiscard]] Response health() const;

  const ApiOptions &options_;
  const ApiSources &sources_;
  RunControl &run_;
  const LiveHistory &history_;
  ApiLog &log_;
  /// The source of the scenario applied last, and its version (0: none
  /// applied, the run's own).
  std::string applied_source_;
  uint32_t applied_version_ = 0;
  MetricsEndpoint metrics_;
};

} // namespace gossipper::runtime::api
