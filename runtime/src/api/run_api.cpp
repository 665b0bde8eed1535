//===- run_api.cpp - A run's API: its routes and live frames --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/run_api.hpp"

#include <boost/json.hpp>

namespace gossipper::runtime::api {

RunApi::RunApi(const ApiOptions &options, ApiSources sources, RunControl &run)
    : options_(options), sources_(std::move(sources)), run_(run),
      history_(options.live_interval_ms), routes_(options_, sources_, run_, history_, log_) {}

Expected<void> RunApi::open() {
  if (!options_.log_file.empty() && !log_.open(options_.log_file)) {
    return Error{"cannot open the API's log '" + options_.log_file + "'"};
  }
  return {};
}

ApiResponse RunApi::handle(const ApiRequest &r) {
  if (split_target(r.target).path != "/api/v1/live_frame") {
    return routes_.handle(r);
  }
  if (!routes_.authorized(r)) {
    return api_error(401, "unauthorized",
                     "a token is needed: Authorization: Bearer TOKEN, or ?token=TOKEN");
  }
  if (r.method != "GET" && r.method != "HEAD") {
    ApiResponse out = api_error(405, "method_not_allowed", "this route takes GET only");
    out.allow = "GET";
    return out;
  }
  ApiResponse out;
  out.body = last_frame_;
  return out;
}

std::string RunApi::sample(uint64_t dropped_frames) {
  RunSnapshot snapshot = run_.snapshot(true);
  const LiveHistory::Point &point = history_.sample(snapshot);
  return last_frame_ = "{\"type\":\"stats\",\"stats\":" + routes_.stats_text(snapshot) +
                       ",\"point\":" + boost::json::serialize(LiveHistory::point_json(point)) +
                       ",\"dropped_frames\":" + std::to_string(dropped_frames) + "}";
}

} // namespace gossipper::runtime::api
