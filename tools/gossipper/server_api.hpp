//===- server_api.hpp - gossipper server's HTTP API -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The same /api/v1 as a run's (docs/api.md), over the server's runs:
// /clients lists, starts and stops them; /stats and /live give each run's
// snapshot under its id; /control goes to one run (engine_id) or to all;
// /engines/ID/ROUTE is that run's own /api/v1/ROUTE; and the web panel.
// A run is reached through its own API (a loopback port and a token made
// for it), so that the server holds no run's state of its own.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "server_children.hpp"

#include "gossipper/runtime/api_server.hpp"

#include <chrono>

namespace gossipper::tools {

class ServerApi final : public runtime::ApiHandler {
public:
  ServerApi(std::string token, bool allow_exec, std::string version, ServerChildren &children)
      : token_(std::move(token)), version_(std::move(version)), allow_exec_(allow_exec),
        children_(children) {}

  [[nodiscard]] bool authorized(const runtime::ApiRequest &r) const override {
    return runtime::api_token_accepted(r, token_);
  }
  runtime::ApiResponse handle(const runtime::ApiRequest &r) override;
  std::string sample(uint64_t dropped_frames) override;

private:
  runtime::ApiResponse clients(const runtime::ApiRequest &r, std::string_view rest);
  runtime::ApiResponse control(const runtime::ApiRequest &r);
  /// GET and PUT /scenario, POST /scenario/apply, for the run engine_id names.
  runtime::ApiResponse scenario(const runtime::ApiRequest &r, bool apply);
  /// /engines/ID/ROUTE: that run's /api/v1/ROUTE, answered as it answers.
  runtime::ApiResponse engine(const runtime::ApiRequest &r, std::string_view rest);
  /// Every run with its snapshot (null when its API does not answer);
  /// `live`: and its newest history point, from the run's newest frame.
  [[nodiscard]] std::string engines_json(bool live) const;

  std::string token_, version_;
  bool allow_exec_;
  unsigned uploads_ = 0;
  ServerChildren &children_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

} // namespace gossipper::tools
