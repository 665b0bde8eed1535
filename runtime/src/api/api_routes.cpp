//===- api_routes.cpp - What each /api/v1 route answers -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/api_routes.hpp"

#include "api/control_request.hpp"
#include "api/openapi_document.hpp"
#include "api/stats_document.hpp"
#include "gossipper/stdlib/url_coding.hpp"
#include "gossipper/stdlib/utf8_text.hpp"

#include <boost/json.hpp>

#include <array>
#include <cctype>
#include <fstream>
#include <sstream>
#include <variant>

namespace gossipper::runtime::api {
namespace {

constexpr std::string_view kPrefix = "/api/v1";

} // namespace

/// The same length whatever the difference: the token is not guessed byte
/// by byte from the time a refusal takes.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

namespace {

Response json_response(const boost::json::value &v, unsigned status = 200) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

bool is_xml_type(std::string_view type) {
  std::string_view bare = type.substr(0, type.find(';'));
  return bare.empty() || bare == "application/xml" || bare == "text/xml" || bare == "text/plain" ||
         bare == "application/octet-stream";
}

} // namespace

Target split_target(std::string_view target) {
  Target t;
  size_t q = target.find('?');
  t.path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) {
    return t;
  }
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.starts_with("token=")) {
      t.token = stdlib::url_decode(pair.substr(6));
    }
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return t;
}

size_t body_limit(std::string_view method, std::string_view target) {
  std::string path = split_target(target).path;
  if (path.starts_with(std::string(kPrefix) + "/engines/")) {
    // gossipper server's way to a run's route: /engines/ID/scenario is
    // that run's /scenario.
    size_t slash = path.find('/', kPrefix.size() + 9);
    path = slash == std::string::npos ? path : std::string(kPrefix) + path.substr(slash);
  }
  bool scenario = (method == "PUT" && path == std::string(kPrefix) + "/scenario") ||
                  (method == "POST" && path == std::string(kPrefix) + "/scenario/apply");
  return scenario ? kScenarioBodyLimit : kBodyLimit;
}

Response error_response(const ApiError &e) {
  boost::json::object o;
  o["error"] = stdlib::valid_utf8(e.message); // it may quote the request
  o["code"] = e.code;
  return json_response(o, e.status);
}

Routes::Routes(const ApiOptions &options, const ApiSources &sources, RunControl &run,
               const LiveHistory &history, ApiLog &log)
    : options_(options), sources_(sources), run_(run), history_(history), log_(log),
      metrics_(sources, run, options.token) {}

bool Routes::authorized(const Request &r) const { return api_token_accepted(r, options_.token); }

Response Routes::handle(const Request &r) {
  std::string path = split_target(r.target).path;
  if (path == kPrefix || path.starts_with(std::string(kPrefix) + "/")) {
    if (!authorized(r)) {
      return error_response({401, "unauthorized",
                             "a token is needed: Authorization: Bearer "
                             "TOKEN, or ?token=TOKEN"});
    }
    Response out = api(r, path);
    if (r.method != "GET" && r.method != "HEAD") {
      log_.write(r.remote, r.method, path, r.body, out.status);
    }
    return out;
  }
  if (path == kMetricsPath) { // where Prometheus looks by default: no /api/v1
    return metrics_.handle(r);
  }
  if (std::optional<Response> file = api_static_file(sources_.files, r.method, path)) {
    return *file;
  }
  return error_response({404, "not_found", "no such route: " + path});
}

Response Routes::api(const Request &r, const std::string &path) {
  std::string_view route = std::string_view(path).substr(kPrefix.size());
  bool get = r.method == "GET" || r.method == "HEAD";
  if (route == "/control") {
    return get                  ? json_response({{"status", status_json(run_.status())}})
           : r.method == "POST" ? control(r)
                                : api_method_not_allowed("GET, POST");
  }
  if (route == "/scenario") {
    return get                 ? scenario()
           : r.method == "PUT" ? upload_scenario(r, false)
                               : api_method_not_allowed("GET, PUT");
  }
  if (route == "/scenario/apply") {
    return r.method == "POST" ? upload_scenario(r, true) : api_method_not_allowed("POST");
  }
  if (route.starts_with("/downloads/")) {
    return get ? download(route.substr(std::string_view("/downloads/").size()))
               : api_method_not_allowed("GET");
  }
  static constexpr std::array<std::string_view, 8> kGetOnly = {
      "/health", "/stats", "/history", "/transports", "/summary", "/openapi.json", "/live", ""};
  bool known = false;
  for (std::string_view k : kGetOnly) {
    known = known || (!k.empty() && route == k);
  }
  if (!known) {
    return error_response({404, "not_found", "no such route: " + path});
  }
  if (!get) {
    return api_method_not_allowed("GET");
  }
  if (route == "/health") {
    return health();
  }
  if (route == "/stats") {
    Response out;
    out.body = stats_text(run_.snapshot(true));
    return out;
  }
  if (route == "/history") {
    return json_response(history_.to_json());
  }
  if (route == "/transports") {
    return transports();
  }
  if (route == "/summary") {
    Response out;
    out.body = run_.summary_json();
    return out;
  }
  if (route == "/openapi.json") {
    Response out;
    out.body = std::string(openapi_document());
    return out;
  }
  return error_response(
      {426, "upgrade_required", "/api/v1/live is a WebSocket: ask for an upgrade"});
}

std::string Routes::stats_text(const RunSnapshot &snapshot) const {
  RunSnapshot s = snapshot;
  s.stats.peak_calls = std::max(history_.peak(), s.stats.open_calls);
  const ir::Scenario &scenario = s.scenario != nullptr ? *s.scenario : *sources_.scenario;
  return boost::json::serialize(stats_json(sources_.scenario_name, scenario, s, history_.rates()));
}

Response Routes::health() const {
  RunStatus s = run_.status();
  boost::json::object o;
  o["status"] = "ok";
  o["version"] = sources_.version;
  o["uptime_ms"] = s.elapsed_ms;
  o["state"] = quit_level_name(s.quitting);
  return json_response(o);
}

Response Routes::control(const Request &r) {
  std::variant<ControlRequest, ApiError> parsed = parse_control_request(r.body);
  if (const auto *e = std::get_if<ApiError>(&parsed)) {
    return error_response(*e);
  }
  if (std::optional<ApiError> e = apply_control_request(std::get<ControlRequest>(parsed), run_)) {
    return error_response(*e);
  }
  return json_response({{"status", status_json(run_.status())}});
}

Response Routes::scenario() const {
  boost::json::object o;
  o["name"] = stdlib::valid_utf8(sources_.scenario_name);
  o["file"] = stdlib::valid_utf8(sources_.scenario_file);
  // a Latin-1 file, say
  o["source"] =
      stdlib::valid_utf8(applied_version_ == 0 ? sources_.scenario_source : applied_source_);
  o["version"] = applied_version_;
  return json_response(o);
}

Response Routes::upload_scenario(const Request &r, bool apply) {
  if (!is_xml_type(r.content_type)) {
    return error_response({415, "unsupported_media_type",
                           "a scenario is XML: Content-Type application/xml or text/xml"});
  }
  if (!(apply ? static_cast<bool>(sources_.compile) : static_cast<bool>(sources_.check))) {
    return error_response({409, "refused", "this run cannot compile scenarios"});
  }
  if (!apply) {
    return api_scenario_checked(sources_.check(r.body, options_.allow_exec));
  }
  std::vector<ir::Diagnostic> diags;
  std::optional<ScenarioReplacement> next = sources_.compile(r.body, options_.allow_exec, diags);
  if (!next) {
    return api_scenario_checked(diags); // 422 with the errors on their lines
  }
  Expected<uint32_t> version = run_.replace_scenario(std::move(*next));
  if (!version) {
    return error_response({409, "conflict", "not applied: " + version.error().message});
  }
  applied_source_ = r.body;
  applied_version_ = *version;
  Response out = api_scenario_checked(diags); // its warnings
  boost::json::object o = boost::json::parse(out.body).as_object();
  o["version"] = *version;
  return json_response(o);
}

Response Routes::download(std::string_view name) const {
  Response out;
  if (name == "summary.json") {
    out.body = run_.summary_json();
  } else if (name == "report.html" && sources_.report_page) {
    Expected<std::string> page = sources_.report_page(run_.summary_json());
    if (!page) {
      return error_response({500, "internal", "the report: " + page.error().message});
    }
    out.content_type = "text/html; charset=utf-8";
    out.body = *page;
  } else if (name == "stat.csv") {
    if (sources_.stat_file.empty()) {
      return error_response({404, "not_found", "this run writes no -trace_stat file"});
    }
    // The run loop writes whole rows, flushed: what is read ends with a row.
    std::ifstream in(sources_.stat_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.content_type = "text/csv; charset=utf-8";
    out.body = text.str();
  } else {
    return error_response(
        {404, "not_found",
         "no such download: " + std::string(name) + " (summary.json, report.html, stat.csv)"});
  }
  std::string file = sources_.scenario_name + "_" + std::string(name);
  for (char &c : file) { // a header's value: nothing the name could break out with
    c = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  }
  out.disposition = "attachment; filename=\"" + file + "\"";
  return out;
}

Response Routes::transports() const {
  const RunConfig &cfg = *sources_.config;
  boost::json::object o;
  o["transport"] = transport_name(cfg.transport);
  o["multisocket"] = is_multisocket(cfg.transport);
  boost::json::object local;
  local["address"] = cfg.local_ip;
  local["port"] = sources_.local_port;
  o["local"] = std::move(local);
  if (cfg.have_remote) {
    o["remote"] = cfg.remote_ip + ":" + std::to_string(cfg.remote_port);
  } else {
    o["remote"] = nullptr;
  }
  return json_response(o);
}

} // namespace gossipper::runtime::api

namespace gossipper::runtime {

bool api_token_accepted(const ApiRequest &r, std::string_view token) {
  if (token.empty()) {
    return true;
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (r.authorization.starts_with(kBearer) &&
      api::same_secret(std::string_view(r.authorization).substr(kBearer.size()), token)) {
    return true;
  }
  std::string query_token = api::split_target(r.target).token;
  return !query_token.empty() && api::same_secret(query_token, token);
}

std::string_view api_openapi_document() { return api::openapi_document(); }

ApiResponse api_method_not_allowed(std::string_view allow) {
  ApiResponse r = api::error_response(
      {405, "method_not_allowed", "this route takes " + std::string(allow) + " only"});
  r.allow = allow;
  return r;
}

std::optional<ApiResponse> api_static_file(const std::vector<StaticFile> &files,
                                           std::string_view method, std::string_view path) {
  for (const StaticFile &f : files) {
    if (f.path == path) {
      if (method != "GET" && method != "HEAD") {
        return api_method_not_allowed("GET");
      }
      ApiResponse out;
      out.content_type = std::string(f.content_type);
      out.body = std::string(f.body);
      return out;
    }
  }
  return std::nullopt;
}

ApiResponse api_scenario_checked(const std::vector<ir::Diagnostic> &diags) {
  boost::json::array list;
  bool bad = false;
  for (const ir::Diagnostic &d : diags) {
    bad = bad || d.severity == ir::Severity::Error;
    boost::json::object o;
    o["severity"] = d.severity == ir::Severity::Error     ? "error"
                    : d.severity == ir::Severity::Warning ? "warning"
                                                          : "note";
    o["line"] = d.loc.line;
    o["column"] = d.loc.column;
    o["message"] = stdlib::valid_utf8(d.message);
    list.push_back(std::move(o));
  }
  boost::json::object o;
  if (bad) {
    o["error"] = "the scenario has errors; nothing changed";
    o["code"] = "scenario_invalid";
  } else {
    o["ok"] = true;
  }
  o["diagnostics"] = std::move(list);
  ApiResponse r;
  r.status = bad ? 422 : 200;
  r.body = boost::json::serialize(o);
  return r;
}

ApiResponse api_error(unsigned status, std::string_view code, std::string_view message) {
  return api::error_response({status, std::string(code), std::string(message)});
}

} // namespace gossipper::runtime
