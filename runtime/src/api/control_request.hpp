//===- control_request.hpp - POST /api/v1/control's body --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a client asks of the run, read and checked whole before anything is
// applied: a body with one wrong member changes nothing. Unknown members are
// errors (a typo must not pass silently), named by their JSON path.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "api/api_error.hpp"
#include "gossipper/runtime/run_control.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace gossipper::runtime::api {

struct ControlRequest {
  enum class Stop : uint8_t { None, Graceful, Now };
  std::optional<double> rate;
  std::optional<double> rate_scale; ///< multiplies the rate
  std::optional<uint64_t> call_limit;
  std::optional<uint32_t> users;
  std::optional<bool> paused;
  Stop stop = Stop::None;
  bool reset_stats = false;
};

/// The request, or a 400 (bad_json, bad_request) naming the member.
[[nodiscard]] std::variant<ControlRequest, ApiError> parse_control_request(std::string_view body);

/// Applies it in a fixed order (reset, rate, limit, users, pause, stop); a
/// refusal of the run (a rate in a -users run) is a 409 and stops there.
[[nodiscard]] std::optional<ApiError> apply_control_request(const ControlRequest &r,
                                                            RunControl &run);

} // namespace gossipper::runtime::api
