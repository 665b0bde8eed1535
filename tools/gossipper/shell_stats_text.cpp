//===- shell_stats_text.cpp - gossipper cli's stats and summary -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "shell_stats_text.hpp"

#include "json_fields.hpp"

#include <boost/json.hpp>

#include <cstdio>

namespace gossipper::tools {
namespace {

namespace json = boost::json;

double num(const json::object &o, std::string_view key) { return json_number(o, key); }
std::string str(const json::object &o, std::string_view key) { return json_string(o, key); }
const json::object *child(const json::object &o, std::string_view key) {
  return json_object(o, key);
}

Expected<json::object> object_of(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return Error{"the answer is not " + std::string(what) + " (not a JSON object)"};
  }
  return std::move(v.as_object());
}

std::string text(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%g", v);
  return out;
}

} // namespace

std::string saturation_phrase(const json::object &status) {
  const json::object *sat = json_object(status, "saturation");
  if (sat == nullptr) {
    return "";
  }
  std::string out;
  if (json_true(*sat, "saturated")) {
    out = "saturated: " + json_string(*sat, "reason");
  }
  double offered = json_number(*sat, "offered_rate", -1);
  if (offered >= 0 && offered < json_number(status, "rate")) {
    out += (out.empty() ? "" : ", ") + std::string("offering ") + text(offered);
  }
  return out;
}

namespace {

std::string status_line(const json::object &s) {
  std::string quitting = str(s, "quitting");
  std::string saturation = saturation_phrase(s);
  return "rate " + text(num(s, "rate")) + " per " + text(num(s, "rate_period_ms") / 1000) +
         " s, limit " + text(num(s, "call_limit")) +
         (s.if_contains("paused") != nullptr && s.at("paused").is_bool() && s.at("paused").as_bool()
              ? ", paused"
              : "") +
         (quitting.empty() || quitting == "running" ? "" : ", " + quitting) +
         (saturation.empty() ? "" : ", " + saturation);
}

/// One run's snapshot: its status, calls, and a line per response time.
std::string run_text(const json::object &o) {
  std::string out = str(o, "scenario") + ": " + text(num(o, "elapsed_ms") / 1000) + " s";
  if (const json::object *s = child(o, "status")) {
    out += ", " + status_line(*s);
  }
  out += "\n";
  if (const json::object *c = child(o, "calls")) {
    out += "  calls: " + text(num(*c, "created")) + " created, " + text(num(*c, "open")) +
           " open, " + text(num(*c, "successful")) + " successful, " + text(num(*c, "failed")) +
           " failed; " + text(num(*c, "rate_cps")) + " calls/s\n";
  }
  if (const json::value *rts = o.if_contains("response_times"); rts && rts->is_array()) {
    for (const json::value &rt : rts->as_array()) {
      if (const json::object *r = rt.if_object(); r != nullptr && num(*r, "count") > 0) {
        out += "  response time " + str(*r, "name") + ": p50 " + text(num(*r, "p50_ms")) +
               " ms, p90 " + text(num(*r, "p90_ms")) + " ms, p99 " + text(num(*r, "p99_ms")) +
               " ms\n";
      }
    }
  }
  return out;
}

} // namespace

Expected<std::string> stats_text(std::string_view body) {
  Expected<json::object> o = object_of(body, "a snapshot");
  if (!o) {
    return o.error();
  }
  std::string schema = str(*o, "schema");
  if (schema == "gossipper_stats_v1") {
    return run_text(*o);
  }
  if (schema != "gossipper_server_stats_v1") {
    return Error{"the answer is no snapshot (schema '" + schema + "')"};
  }
  std::string out;
  const json::value *engines = o->if_contains("engines");
  for (const json::value &e :
       engines != nullptr && engines->is_array() ? engines->as_array() : json::array()) {
    const json::object *run = e.if_object();
    if (run == nullptr) {
      continue;
    }
    bool running = run->if_contains("running") != nullptr && run->at("running").is_bool() &&
                   run->at("running").as_bool();
    out += "[" + str(*run, "id") + "] " + str(*run, "role") +
           (running ? "" : ", ended (exit " + text(num(*run, "exit_code")) + ")") + "\n";
    if (const json::object *s = child(*run, "stats")) {
      out += "  " + run_text(*s);
    }
  }
  return out.empty() ? std::string("no runs\n") : out;
}

Expected<std::string> control_text(std::string_view body) {
  Expected<json::object> o = object_of(body, "a control status");
  if (!o) {
    return o.error();
  }
  if (const json::object *s = child(*o, "status")) {
    return status_line(*s) + "\n";
  }
  // A server's control without engine_id: every run's answer.
  std::string out;
  const json::value *engines = o->if_contains("engines");
  for (const json::value &e :
       engines != nullptr && engines->is_array() ? engines->as_array() : json::array()) {
    if (const json::object *run = e.if_object()) {
      const json::object *answer = child(*run, "answer");
      const json::object *s = answer != nullptr ? child(*answer, "status") : nullptr;
      out += "[" + str(*run, "id") + "] " + (s != nullptr ? status_line(*s) : "no answer") + "\n";
    }
  }
  if (out.empty()) {
    return Error{"the answer has no status"};
  }
  return out;
}

Expected<std::string> summary_text(std::string_view body) {
  Expected<json::object> o = object_of(body, "a summary");
  if (!o) {
    return o.error();
  }
  std::string out = str(*o, "scenario") + ": " + text(num(*o, "total_calls")) + " calls, " +
                    text(num(*o, "success_calls")) + " successful, " +
                    text(num(*o, "failed_calls")) + " failed, " +
                    text(num(*o, "calls_per_second")) + " calls/s\n";
  // Response times by name, in nanoseconds.
  if (const json::object *rtd = child(*o, "rtd")) {
    for (const auto &[name, rt] : *rtd) {
      if (const json::object *r = rt.if_object(); r != nullptr && num(*r, "count") > 0) {
        out += "  response time " + std::string(name) + ": p50 " + text(num(*r, "p50") / 1e6) +
               " ms, p99 " + text(num(*r, "p99") / 1e6) + " ms\n";
      }
    }
  }
  return out;
}

} // namespace gossipper::tools
