//===- api_error.hpp - An API error and its status -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every refusal of the API is {"error": text, "code": snake_case} with the
// status that fits (docs/api.md, "Errors").
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace gossipper::runtime::api {

struct ApiError {
  unsigned status = 400;
  std::string code;
  std::string message;
};

} // namespace gossipper::runtime::api
