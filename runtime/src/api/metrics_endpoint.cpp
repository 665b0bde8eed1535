//===- metrics_endpoint.cpp - GET /metrics, and its own listener ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/metrics_endpoint.hpp"

#include "api/api_routes.hpp"
#include "api/metrics_text.hpp"

namespace gossipper::runtime::api {

MetricsEndpoint::MetricsEndpoint(const ApiSources &sources, RunControl &run, std::string token)
    : sources_(sources), run_(run), token_(std::move(token)) {}

ApiResponse MetricsEndpoint::handle(const ApiRequest &r) const {
  ScrapeCounts *counts = sources_.scrapes.get();
  auto refused = [counts](ApiResponse out) {
    if (counts != nullptr) {
      counts->failed.fetch_add(1, std::memory_order_relaxed);
    }
    return out;
  };
  if (!api_token_accepted(r, token_)) {
    return refused(error_response({401, "unauthorized",
                                   "a token is needed: Authorization: Bearer TOKEN, or "
                                   "?token=TOKEN"}));
  }
  if (r.method != "GET" && r.method != "HEAD") {
    return refused(api_method_not_allowed("GET"));
  }
  static const ir::Scenario kNoScenario{};
  RunSnapshot totals = run_.snapshot_since_start(true);
  ApiResponse out;
  out.content_type = std::string(kMetricsContentType);
  out.body = metrics_text({sources_.scenario_name, sources_.version,
                           totals.scenario != nullptr     ? totals.scenario
                           : sources_.scenario != nullptr ? sources_.scenario
                                                          : &kNoScenario,
                           &totals});
  if (counts != nullptr) {
    counts->served.fetch_add(1, std::memory_order_relaxed);
  }
  return out;
}

namespace {

class MetricsOnly final : public ApiHandler {
public:
  MetricsOnly(const ApiOptions &options, ApiSources sources, RunControl &run)
      : token_(options.token), sources_(std::move(sources)), endpoint_(sources_, run, token_) {}

  [[nodiscard]] bool authorized(const ApiRequest &r) const override {
    return api_token_accepted(r, token_);
  }
  ApiResponse handle(const ApiRequest &r) override {
    std::string path = split_target(r.target).path;
    if (path == kMetricsPath) {
      return endpoint_.handle(r);
    }
    return error_response({404, "not_found", "this listener (-metrics_addr) serves /metrics only"});
  }
  std::string sample(uint64_t /*dropped_frames*/) override { return {}; }
  [[nodiscard]] bool live() const override { return false; }

private:
  std::string token_;
  ApiSources sources_;
  MetricsEndpoint endpoint_;
};

} // namespace

std::unique_ptr<ApiHandler> metrics_handler(const ApiOptions &options, ApiSources sources,
                                            RunControl &run) {
  return std::make_unique<MetricsOnly>(options, std::move(sources), run);
}

} // namespace gossipper::runtime::api
