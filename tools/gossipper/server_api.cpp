//===- server_api.cpp - gossipper server's HTTP API -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "server_api.hpp"

#include "api_client.hpp"
#include "api_hookup.hpp"
#include "panel_files.hpp"
#include "sipp_options.hpp"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <fstream>
#include <optional>

namespace gossipper::tools {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using runtime::api_error;
using runtime::ApiRequest;
using runtime::ApiResponse;

constexpr std::string_view kPrefix = "/api/v1";

using ChildAnswer = ApiAnswer;

/// A request to a run's own API, on loopback, bounded in time.
ChildAnswer ask_child(const ChildView &c, http::verb method, const std::string &target,
                      const std::string &body = {},
                      const std::string &content_type = "application/json",
                      std::chrono::seconds timeout = std::chrono::seconds(2)) {
  if (c.api_port == 0 || !c.running) {
    return {};
  }
  return api_request(ApiEndpoint{"127.0.0.1", c.api_port, c.api_token}, method, target, body,
                     content_type, timeout);
}

json::object child_json(const ChildView &c) {
  json::object o;
  o["id"] = c.participant.id;
  o["role"] = c.participant.role == Participant::Role::Listener ? "listener" : "client";
  o["pid"] = c.pid;
  o["running"] = c.running;
  o["exit_code"] = c.running ? json::value(nullptr) : json::value(c.exit_code);
  json::array args;
  for (const std::string &a : c.arguments) {
    args.emplace_back(a == c.api_token ? std::string("(token)") : a);
  }
  o["arguments"] = std::move(args);
  return o;
}

ApiResponse json_answer(const json::value &v, unsigned status = 200) {
  ApiResponse r;
  r.status = status;
  r.body = json::serialize(v);
  return r;
}

} // namespace

ApiResponse ServerApi::handle(const ApiRequest &r) {
  std::string path = r.target.substr(0, r.target.find('?'));
  if (!path.starts_with(std::string(kPrefix) + "/")) {
    // The web panel's files: they hold no data, served without the token.
    static const std::vector<runtime::StaticFile> files = panel_files();
    if (std::optional<ApiResponse> file = runtime::api_static_file(files, r.method, path)) {
      return *file;
    }
    return api_error(404, "not_found", "no such route: " + path);
  }
  if (!authorized(r)) {
    return api_error(401, "unauthorized",
                     "a token is needed: Authorization: Bearer TOKEN, or ?token=TOKEN");
  }
  std::string_view route = std::string_view(path).substr(kPrefix.size());
  bool get = r.method == "GET" || r.method == "HEAD";
  if (route == "/clients" || route.starts_with("/clients/")) {
    return clients(r, route.substr(std::string_view("/clients").size()));
  }
  if (route.starts_with("/engines/")) {
    return engine(r, route.substr(std::string_view("/engines/").size()));
  }
  if (route == "/control") {
    return r.method == "POST" ? control(r) : runtime::api_method_not_allowed("POST");
  }
  if (route == "/scenario" || route == "/scenario/apply") {
    return scenario(r, route == "/scenario/apply");
  }
  if (route == "/health" || route == "/stats" || route == "/openapi.json") {
    if (!get) {
      return runtime::api_method_not_allowed("GET");
    }
    if (route == "/stats") {
      ApiResponse out;
      out.body =
          "{\"schema\":\"gossipper_server_stats_v1\",\"engines\":" + engines_json(false) + "}";
      return out;
    }
    if (route == "/openapi.json") {
      ApiResponse out;
      out.body = std::string(runtime::api_openapi_document());
      return out;
    }
    json::object o;
    o["status"] = "ok";
    o["version"] = version_;
    o["uptime_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started_)
                         .count();
    o["state"] = "running";
    return json_answer(o);
  }
  if (route == "/live") {
    return api_error(426, "upgrade_required", "/api/v1/live is a WebSocket: ask for an upgrade");
  }
  return api_error(404, "not_found", "no such route on gossipper server: " + path);
}

ApiResponse ServerApi::clients(const ApiRequest &r, std::string_view rest) {
  if (rest.empty()) {
    if (r.method == "GET" || r.method == "HEAD") {
      json::array list;
      for (const ChildView &c : children_.children()) {
        list.push_back(child_json(c));
      }
      return json_answer(json::object{{"clients", std::move(list)}});
    }
    if (r.method != "POST") {
      return runtime::api_method_not_allowed("GET, POST");
    }
    boost::system::error_code ec;
    json::value doc = json::parse(r.body, ec);
    if (ec) {
      return api_error(400, "bad_json", "the body is not JSON: " + ec.message());
    }
    Expected<Participant> p = read_client(doc, "$");
    if (!p) {
      return api_error(400, "bad_request", p.error().message);
    }
    if (!p->extra_args.empty() || !p->scenario_file.empty()) {
      // Options and files of this machine are the profile's owner's to name:
      // through the API a run could write any file (-trace_msg -message_file).
      return api_error(400, "bad_request",
                       std::string(p->extra_args.empty() ? "$.scenario_file" : "$.extra_args") +
                           ": only the profile may give it; through the API, a built-in "
                           "scenario_name and the load keys");
    }
    if (p->id.empty()) {
      p->id = "client-" + std::to_string(children_.children().size() + 1);
    }
    if (Expected<void> started = children_.start(*p); !started) {
      return api_error(409, "refused", started.error().message);
    }
    for (const ChildView &c : children_.children()) {
      if (c.participant.id == p->id) {
        return json_answer(json::object{{"client", child_json(c)}}, 201);
      }
    }
    return api_error(409, "refused", "the client did not start");
  }
  std::string id(rest.substr(1));
  if (r.method != "DELETE") {
    return runtime::api_method_not_allowed("DELETE");
  }
  bool now = r.target.find("now=true") != std::string::npos;
  if (!children_.stop(id, now)) {
    return api_error(404, "not_found", "no running client '" + id + "'");
  }
  return json_answer(json::object{{"stopping", id}});
}

ApiResponse ServerApi::engine(const ApiRequest &r, std::string_view rest) {
  size_t slash = rest.find('/');
  std::string id(rest.substr(0, slash));
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    return api_error(404, "not_found", "/api/v1/engines/ID/ROUTE: a run's route, as /stats");
  }
  if (r.method != "GET" && r.method != "HEAD" && r.method != "POST" && r.method != "PUT") {
    return runtime::api_method_not_allowed("GET, POST, PUT");
  }
  std::optional<ChildView> run;
  for (const ChildView &c : children_.children()) {
    if (c.participant.id == id && c.running) {
      run = c;
    }
  }
  if (!run) {
    return api_error(404, "not_found", "no running run '" + id + "'");
  }
  // The query goes on, but for the server's token: the run has its own.
  std::string target = std::string(kPrefix) + "/" + std::string(rest.substr(slash + 1));
  if (size_t q = r.target.find('?'); q != std::string::npos) {
    std::string_view query = std::string_view(r.target).substr(q + 1);
    std::string kept;
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      if (!pair.starts_with("token=") && !pair.empty()) {
        kept += (kept.empty() ? "" : "&") + std::string(pair);
      }
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    target += kept.empty() ? "" : "?" + kept;
  }
  http::verb method = r.method == "POST"  ? http::verb::post
                      : r.method == "PUT" ? http::verb::put
                                          : http::verb::get; // HEAD: the server drops the body
  ChildAnswer a = ask_child(*run, method, target, r.body,
                            r.content_type.empty() ? "application/json" : r.content_type);
  if (a.status == 0) {
    return api_error(503, "refused", "the run '" + id + "' does not answer");
  }
  ApiResponse out;
  out.status = a.status;
  out.body = std::move(a.body);
  out.content_type = a.content_type.empty() ? "application/json" : a.content_type;
  out.disposition = std::move(a.disposition);
  out.allow = std::move(a.allow);
  return out;
}

ApiResponse ServerApi::control(const ApiRequest &r) {
  boost::system::error_code ec;
  json::value doc = json::parse(r.body, ec);
  if (ec || !doc.is_object()) {
    return api_error(400, ec ? "bad_json" : "bad_request",
                     ec ? "the body is not JSON: " + ec.message() : "$: a JSON object");
  }
  std::string engine;
  if (const json::value *e = doc.get_object().if_contains("engine_id")) {
    if (!e->is_string()) {
      return api_error(400, "bad_request", "$.engine_id: a run's id");
    }
    engine = std::string(e->get_string());
    doc.get_object().erase("engine_id");
  }
  json::array results;
  bool found = false;
  for (const ChildView &c : children_.children()) {
    if (!c.running || (!engine.empty() && c.participant.id != engine)) {
      continue;
    }
    found = true;
    ChildAnswer a = ask_child(c, http::verb::post, "/api/v1/control", json::serialize(doc));
    if (!engine.empty() && a.status != 0) {
      ApiResponse out;
      out.status = a.status; // one run: its answer as it is
      out.body = a.body;
      return out;
    }
    json::object row{{"id", c.participant.id}, {"status", a.status}};
    boost::system::error_code pec;
    row["answer"] = a.status == 0 ? json::value(nullptr) : json::parse(a.body, pec);
    results.push_back(std::move(row));
  }
  if (!found) {
    return api_error(404, "not_found",
                     engine.empty() ? "no run is running" : "no running run '" + engine + "'");
  }
  return json_answer(json::object{{"engines", std::move(results)}});
}

ApiResponse ServerApi::scenario(const ApiRequest &r, bool apply) {
  bool get = r.method == "GET" || r.method == "HEAD";
  if (apply ? r.method != "POST" : !get && r.method != "PUT") {
    return runtime::api_method_not_allowed(apply ? "POST" : "GET, PUT");
  }
  std::string engine;
  if (size_t at = r.target.find("engine_id="); at != std::string::npos) {
    engine = r.target.substr(at + 10, r.target.find('&', at) - at - 10);
  }
  std::optional<ChildView> run;
  for (const ChildView &c : children_.children()) {
    if (c.participant.id == engine && c.running) {
      run = c;
    }
  }
  if (!run) {
    return api_error(engine.empty() ? 400 : 404, engine.empty() ? "bad_request" : "not_found",
                     engine.empty() ? "?engine_id=ID: the run whose scenario this is"
                                    : "no running run '" + engine + "'");
  }
  // A listener's port is held by its calls in flight: it takes a new
  // scenario in place, through its own API, as any run can.
  bool in_place = apply && run->participant.role == Participant::Role::Listener;
  if (get || in_place) {
    ChildAnswer a =
        get ? ask_child(*run, http::verb::get, "/api/v1/scenario")
            // Compiling may take the JIT a while.
            : ask_child(*run, http::verb::post, "/api/v1/scenario/apply", r.body,
                        r.content_type.empty() ? std::string("application/xml") : r.content_type,
                        std::chrono::seconds(30));
    ApiResponse out;
    out.status = a.status == 0 ? 503 : a.status;
    out.body =
        a.status == 0 ? "{\"error\":\"the run does not answer\",\"code\":\"refused\"}" : a.body;
    return out;
  }
  // Checked for that run's command line, as the run itself would check it.
  Expected<SippCommandLine> cl = parse_sipp_command_line(run->participant.sipp_arguments({}));
  if (!cl) {
    return api_error(500, "internal", "the run's command line: " + cl.error().message);
  }
  ApiResponse checked =
      runtime::api_scenario_checked(check_scenario_text(*cl, r.body, allow_exec_, "<uploaded>"));
  if (checked.status != 200 || !apply) {
    return checked;
  }
  // The new scenario's run takes the id; the old one ends its calls in
  // flight on its own scenario, then exits.
  std::string file =
      children_.work() + "/" + engine + "-upload-" + std::to_string(++uploads_) + ".xml";
  if (!(std::ofstream(file, std::ios::binary) << r.body)) {
    return api_error(500, "internal", "cannot write " + file);
  }
  Participant next = run->participant;
  next.scenario_name.clear();
  next.scenario_file = file;
  children_.retire(engine);
  if (Expected<void> started = children_.start(next); !started) {
    return api_error(409, "refused", started.error().message);
  }
  for (const ChildView &c : children_.children()) {
    if (c.participant.id == engine && c.running) {
      return json_answer(json::object{{"client", child_json(c)}});
    }
  }
  return api_error(500, "internal", "the new run did not start");
}

std::string ServerApi::engines_json(bool live) const {
  std::string out = "[";
  for (const ChildView &c : children_.children()) {
    std::string row = json::serialize(child_json(c));
    row.pop_back(); // the object stays open for the stats
    if (!live) {
      ChildAnswer a = ask_child(c, http::verb::get, "/api/v1/stats");
      row += ",\"stats\":" + (a.status == 200 ? a.body : std::string("null")) + "}";
    } else {
      // The run's own newest frame: its snapshot and its newest point.
      ChildAnswer a = ask_child(c, http::verb::get, "/api/v1/live_frame");
      boost::system::error_code ec;
      json::value frame = a.status == 200 ? json::parse(a.body, ec) : json::value();
      const json::object *f = frame.if_object();
      const json::value *stats = f != nullptr ? f->if_contains("stats") : nullptr;
      const json::value *point = f != nullptr ? f->if_contains("point") : nullptr;
      row += ",\"stats\":" + (stats != nullptr ? json::serialize(*stats) : "null") +
             ",\"point\":" + (point != nullptr ? json::serialize(*point) : "null") + "}";
    }
    out += (out.size() > 1 ? "," : "") + row;
  }
  return out + "]";
}

std::string ServerApi::sample(uint64_t dropped_frames) {
  return "{\"type\":\"server\",\"engines\":" + engines_json(true) +
         ",\"dropped_frames\":" + std::to_string(dropped_frames) + "}";
}

} // namespace gossipper::tools
