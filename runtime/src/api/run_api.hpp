//===- run_api.hpp - A run's API: its routes and live frames ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The ApiHandler of `gossipper sipp -api_addr`: the routes (api_routes.hpp)
// over the run's RunControl, the series the panel draws, the log of
// mutating requests, and the /live frame: the snapshot and the newest point.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "api/api_log.hpp"
#include "api/api_routes.hpp"
#include "api/live_history.hpp"
#include "gossipper/runtime/api_server.hpp"

#include <memory>

namespace gossipper::runtime::api {

class RunApi final : public ApiHandler {
public:
  RunApi(const ApiOptions &options, ApiSources sources, RunControl &run);
  /// Opens the log; an error when it cannot.
  Expected<void> open();

  [[nodiscard]] bool authorized(const ApiRequest &r) const override {
    return routes_.authorized(r);
  }
  /// The routes, and GET /api/v1/live_frame: the newest /live frame (for
  /// gossipper server, whose own frame carries each run's).
  ApiResponse handle(const ApiRequest &r) override;
  std::string sample(uint64_t dropped_frames) override;

private:
  ApiOptions options_;
  ApiSources sources_;
  RunControl &run_;
  ApiLog log_;
  LiveHistory history_;
  Routes routes_;
  std::string last_frame_;
};

} // namespace gossipper::runtime::api
