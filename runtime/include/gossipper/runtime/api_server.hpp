//===- api_server.hpp - The HTTP API and live WebSocket of a run -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What tools/ sees of the management API (docs/api.md): a server on its own
// thread that reads and drives a run only through its RunControl, serves
// /api/v1 and the web panel's files, and pushes the snapshot to /live
// WebSocket clients. Closed by default: a bind that is not loopback needs a
// token. What a route needs that the runtime cannot know (the scenario's
// source, the compiler that checks an upload) comes in ApiSources.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/runtime/run_control.hpp"
#include "gossipper/runtime/scrape_counts.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

struct ApiOptions {
  std::string host = "127.0.0.1";  ///< -api_addr HOST:PORT
  uint16_t port = 0;               ///< 0: any free port (port() tells)
  std::string token;               ///< -api_token: Bearer, or ?token=
  std::string tls_cert, tls_key;   ///< -api_tls_cert, -api_tls_key: HTTPS and WSS
  uint32_t live_interval_ms = 500; ///< -api_live_interval
  bool allow_exec = false;         ///< -api_allow_exec: uploads may <exec>
  std::string log_file;            ///< every mutating request, with its source
  /// The option named in the listener's errors (-metrics_addr for the
  /// Prometheus listener).
  std::string address_option = "-api_addr";
};

/// A file of the web panel, served as it is.
struct StaticFile {
  std::string_view path; ///< "/" or "/assets/panel.js"
  std::string_view content_type;
  std::string_view body;
};

struct ApiSources {
  std::string version;
  const RunConfig *config = nullptr;
  const ir::Scenario *scenario = nullptr;
  std::string scenario_name, scenario_file, scenario_source;
  uint16_t local_port = 0; ///< the main SIP socket's, once open
  /// Compiles and checks an uploaded scenario for this run; its diagnostics
  /// (an error among them: refused). `allow_exec` false: <exec> is an error.
  std::function<std::vector<ir::Diagnostic>(const std::string &xml, bool allow_exec)> check;
  /// Compiles an uploaded scenario into code this run can play (POST
  /// /scenario/apply): none, the reasons in `diags`, when it has errors or
  /// its code cannot be built. Null: this run cannot.
  std::function<std::optional<ScenarioReplacement>(const std::string &xml, bool allow_exec,
                                                   std::vector<ir::Diagnostic> &diags)>
      compile;
  std::vector<StaticFile> files;
  /// The -trace_stat file, when the run writes one (Engine::stat_file()).
  std::string stat_file;
  /// The HTML report of a summary (gossipper report's page); none: no
  /// /downloads/report.html.
  std::function<Expected<std::string>(const std::string &summary_json)> report_page;
  /// Where /metrics counts the scrapes it answers and refuses; none: not
  /// counted.
  std::shared_ptr<ScrapeCounts> scrapes;
};

/// A request as the server read it, and what is answered.
struct ApiRequest {
  std::string method; ///< "GET", "POST"...
  std::string target; ///< path and query, as sent
  std::string body;
  std::string content_type;
  std::string authorization; ///< the Authorization header
  std::string remote;        ///< the client's address:port, for the log
};

struct ApiResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;       ///< a 405's Allow header
  std::string disposition; ///< a download's Content-Disposition
};

/// What a server answers: a run's API (start()), or gossipper server's.
/// Called on the server's one thread only.
class ApiHandler {
public:
  virtual ~ApiHandler() = default;
  /// The token's check (the /live upgrade asks it before anything else).
  [[nodiscard]] virtual bool authorized(const ApiRequest &r) const = 0;
  virtual ApiResponse handle(const ApiRequest &r) = 0;
  /// Every live interval: the frame every /live client gets.
  virtual std::string sample(uint64_t dropped_frames) = 0;
  /// Whether /api/v1/live upgrades to a WebSocket here.
  [[nodiscard]] virtual bool live() const { return true; }
};

class ApiServer {
public:
  /// A run's API. Binds and starts serving on a thread of its own; an error
  /// (nothing started) for an address it cannot have, a non-loopback bind
  /// without a token, TLS files it cannot read, or a log it cannot open.
  static Expected<std::unique_ptr<ApiServer>> start(const ApiOptions &options, ApiSources sources,
                                                    RunControl &run);
  /// A listener of the run's Prometheus metrics only (-metrics_addr):
  /// /metrics, with the same refusals as start().
  static Expected<std::unique_ptr<ApiServer>> start_metrics(const ApiOptions &options,
                                                            ApiSources sources, RunControl &run);
  /// The same server for any handler.
  static Expected<std::unique_ptr<ApiServer>> serve(const ApiOptions &options,
                                                    std::unique_ptr<ApiHandler> handler);
  virtual ~ApiServer() = default;
  /// The port bound.
  [[nodiscard]] virtual uint16_t port() const = 0;
  /// Stops serving (open connections close) and joins the thread.
  virtual void stop() = 0;
};

/// Whether `r` carries `token` (Bearer, or ?token=); any request when the
/// token is empty.
[[nodiscard]] bool api_token_accepted(const ApiRequest &r, std::string_view token);
/// The API's OpenAPI 3.1 document (served at /api/v1/openapi.json).
[[nodiscard]] std::string_view api_openapi_document();
/// An error answer: {"error": message, "code": code} with its status.
[[nodiscard]] ApiResponse api_error(unsigned status, std::string_view code,
                                    std::string_view message);

/// A 405 naming the methods the route takes (its Allow header).
[[nodiscard]] ApiResponse api_method_not_allowed(std::string_view allow);
/// The web panel's file at `path` (GET or HEAD only), if one is.
[[nodiscard]] std::optional<ApiResponse> api_static_file(const std::vector<StaticFile> &files,
                                                         std::string_view method,
                                                         std::string_view path);
/// A checked scenario's answer: 200 {"ok", "diagnostics"}, or 422
/// scenario_invalid with them when one is an error.
[[nodiscard]] ApiResponse api_scenario_checked(const std::vector<ir::Diagnostic> &diags);

/// "HOST:PORT", "[V6]:PORT" or ":PORT" (loopback) into `options` (its
/// address_option named in the errors).
Expected<void> parse_api_address(std::string_view text, ApiOptions &options);

} // namespace gossipper::runtime
