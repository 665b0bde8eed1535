//===- control_request.cpp - POST /api/v1/control's body ------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/control_request.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace gossipper::runtime::api {
namespace {

ApiError bad(const std::string &path, const std::string &what) {
  return ApiError{400, "bad_request", "$." + path + ": " + what};
}

/// A finite number, integer or not.
std::optional<double> number(const boost::json::value &v) {
  if (v.is_double()) {
    return std::isfinite(v.get_double()) ? std::optional(v.get_double()) : std::nullopt;
  }
  if (v.is_int64()) {
    return static_cast<double>(v.get_int64());
  }
  if (v.is_uint64()) {
    return static_cast<double>(v.get_uint64());
  }
  return std::nullopt;
}

/// A whole number in [0, max].
std::optional<uint64_t> count(const boost::json::value &v, uint64_t max) {
  if (v.is_uint64() && v.get_uint64() <= max) {
    return v.get_uint64();
  }
  if (v.is_int64() && v.get_int64() >= 0 && static_cast<uint64_t>(v.get_int64()) <= max) {
    return static_cast<uint64_t>(v.get_int64());
  }
  return std::nullopt;
}

/// One member into `r`; an error when its type or value is wrong.
std::optional<ApiError> read_member(std::string_view key, const boost::json::value &v,
                                    ControlRequest &r) {
  std::string path(key);
  if (key == "rate" || key == "rate_scale") {
    std::optional<double> n = number(v);
    if (!n || *n < 0 || (key == "rate_scale" && *n == 0)) {
      return bad(path, key == "rate" ? "a number of calls per rate period, 0 or more"
                                     : "a number above 0 that multiplies the rate");
    }
    (key == "rate" ? r.rate : r.rate_scale) = *n;
  } else if (key == "call_limit") {
    r.call_limit = count(v, std::numeric_limits<uint32_t>::max());
    if (!r.call_limit) {
      return bad(path, "a whole number of simultaneous calls");
    }
  } else if (key == "users") {
    std::optional<uint64_t> n = count(v, std::numeric_limits<uint32_t>::max());
    if (!n) {
      return bad(path, "a whole number of users");
    }
    r.users = static_cast<uint32_t>(*n);
  } else if (key == "paused") {
    if (!v.is_bool()) {
      return bad(path, "true or false");
    }
    r.paused = v.get_bool();
  } else if (key == "stop") {
    if (v.is_string() && v.get_string() == "graceful") {
      r.stop = ControlRequest::Stop::Graceful;
    } else if (v.is_string() && v.get_string() == "now") {
      r.stop = ControlRequest::Stop::Now;
    } else {
      return bad(path, "\"graceful\" or \"now\"");
    }
  } else if (key == "reset_stats") {
    if (!v.is_bool()) {
      return bad(path, "true or false");
    }
    r.reset_stats = v.get_bool();
  } else {
    return bad(path, "not a member of a control request (rate, rate_scale, call_limit, users, "
                     "paused, stop, reset_stats)");
  }
  return std::nullopt;
}

} // namespace

std::variant<ControlRequest, ApiError> parse_control_request(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(body, ec);
  if (ec) {
    return ApiError{400, "bad_json", "the body is not JSON: " + ec.message()};
  }
  if (!doc.is_object()) {
    return ApiError{400, "bad_request", "$: a JSON object of control members"};
  }
  ControlRequest r;
  for (const auto &member : doc.get_object()) {
    if (std::optional<ApiError> e = read_member(member.key(), member.value(), r)) {
      return *e;
    }
  }
  if (r.rate && r.rate_scale) {
    return bad("rate_scale", "give rate or rate_scale, not both");
  }
  return r;
}

std::optional<ApiError> apply_control_request(const ControlRequest &r, RunControl &run) {
  auto refused = [](const Error &e) { return ApiError{409, "refused", e.message}; };
  // What the run's kind refuses is refused before anything changes.
  bool users_run = run.status().users >= 0;
  if (users_run && (r.rate || r.rate_scale || r.call_limit)) {
    return ApiError{409, "refused", "a -users run has no rate nor call limit: set users"};
  }
  if (!users_run && r.users) {
    return ApiError{409, "refused", "users are set in a -users run only"};
  }
  if (r.reset_stats) {
    run.reset_stats();
  }
  std::optional<double> rate = r.rate;
  if (r.rate_scale) {
    rate = run.status().rate * *r.rate_scale;
  }
  if (rate) {
    if (Expected<void> done = run.set_rate(*rate); !done) {
      return refused(done.error());
    }
  }
  if (r.call_limit) {
    if (Expected<void> done = run.set_call_limit(*r.call_limit); !done) {
      return refused(done.error());
    }
  }
  if (r.users) {
    if (Expected<void> done = run.set_users(*r.users); !done) {
      return refused(done.error());
    }
  }
  if (r.paused) {
    run.set_paused(*r.paused);
  }
  if (r.stop == ControlRequest::Stop::Graceful) {
    run.stop_gracefully();
  } else if (r.stop == ControlRequest::Stop::Now) {
    run.stop_now();
  }
  return std::nullopt;
}

} // namespace gossipper::runtime::api
