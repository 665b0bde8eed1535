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

std::string RunApi::sample(uint64_t dropped_frames) {
  RunSnapshot snapshot = run_.snapshot(true);
  const LiveHistory::Point &point = history_.sample(snapshot);
  return "{\"type\":\"stats\",\"stats\":" + routes_.stats_text(snapshot) +
         ",\"point\":" + boost::json::serialize(LiveHistory::point_json(point)) +
         ",\"dropped_frames\":" + std::to_string(dropped_frames) + "}";
}

} // namespace gossipper::runtime::api
