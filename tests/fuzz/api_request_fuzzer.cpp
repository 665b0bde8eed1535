// libFuzzer: the API's request decoding. Any bytes as an HTTP request, read
// by Beast's parser as the server reads one, then answered by the routes
// (with and without a token) for a run whose RunControl only records; and
// any bytes as POST /api/v1/control's body. Every answer must be JSON with a
// status the API documents; a decoded control request must be valid.
#include "api/api_routes.hpp"
#include "api/control_request.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace rt = gossipper::runtime;
namespace api = gossipper::runtime::api;
namespace http = boost::beast::http;

namespace {

/// A run that takes every command and changes nothing.
class StillRun final : public rt::RunControl {
public:
  [[nodiscard]] rt::RunStatus status() const override { return {}; }
  [[nodiscard]] rt::RunSnapshot snapshot(bool) const override {
    rt::RunSnapshot s;
    s.stats.counters.assign(static_cast<size_t>(rt::Counter::Count), 0);
    return s;
  }
  [[nodiscard]] rt::RunSnapshot snapshot_since_start(bool b) const override { return snapshot(b); }
  [[nodiscard]] std::string summary_json() const override { return "{}"; }
  gossipper::Expected<void> set_rate(double) override { return {}; }
  gossipper::Expected<void> set_call_limit(uint64_t) override { return {}; }
  gossipper::Expected<void> set_users(uint32_t) override {
    return gossipper::Error{"not a -users run"};
  }
  void set_paused(bool) override {}
  void stop_gracefully() override {}
  void stop_now() override {}
  void reset_stats() override {}
  gossipper::Expected<void> set_trace(std::string_view, bool) override { return {}; }
  gossipper::Expected<uint32_t> replace_scenario(rt::ScenarioReplacement) override {
    return gossipper::Error{"refused"};
  }
  void dump_tasks() override {}
  void dump_variables() override {}
};

void check_answer(const api::Response &r) {
  static const unsigned kDocumented[] = {200, 400, 401, 404, 405, 409, 413, 415, 422, 426};
  bool known = false;
  for (unsigned s : kDocumented) {
    known = known || r.status == s;
  }
  if (!known) {
    std::abort();
  }
  if (r.content_type == "application/json") {
    boost::system::error_code ec;
    (void)boost::json::parse(r.body, ec);
    if (ec) {
      std::abort();
    }
  }
}

void as_request(std::string_view bytes, bool with_token) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(16 * 1024);
  parser.body_limit(api::kBodyLimit);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_done()) {
    return;
  }
  const auto &req = parser.get();
  api::Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.body = req.body();
  r.content_type = std::string(req[http::field::content_type]);
  r.authorization = std::string(req[http::field::authorization]);
  r.remote = "127.0.0.1:1";

  static gossipper::ir::Scenario scenario;
  static gossipper::runtime::RunConfig config;
  static StillRun run;
  static api::ApiLog log;
  rt::ApiOptions options;
  if (with_token) {
    options.token = "fuzz-token";
  }
  rt::ApiSources sources;
  sources.config = &config;
  sources.scenario = &scenario;
  sources.check = [](const std::string &, bool) {
    return std::vector<gossipper::ir::Diagnostic>{};
  };
  api::LiveHistory history(500);
  api::Routes routes(options, sources, run, history, log);
  check_answer(routes.handle(r));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
  switch (data[0] % 3) {
  case 0: {
    auto parsed = api::parse_control_request(rest);
    if (const auto *r = std::get_if<api::ControlRequest>(&parsed)) {
      if ((r->rate && *r->rate < 0) || (r->rate_scale && *r->rate_scale <= 0)) {
        std::abort();
      }
    }
    break;
  }
  case 1: as_request(rest, false); break;
  default: as_request(rest, true); break;
  }
  return 0;
}
