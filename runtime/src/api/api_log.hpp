//===- api_log.hpp - Who changed what through the API ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every mutating request (POST, PUT, DELETE), with its date, its source
// address, what it asked and the status it got: a run driven from elsewhere
// leaves a record of who drove it. A line per request, flushed at once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace gossipper::runtime::api {

class ApiLog {
public:
  ApiLog() = default;
  ~ApiLog();
  ApiLog(const ApiLog &) = delete;
  ApiLog &operator=(const ApiLog &) = delete;

  /// Opens (appends to) `path`; false when it cannot.
  bool open(const std::string &path);
  void write(std::string_view remote, std::string_view method, std::string_view path,
             std::string_view detail, unsigned status);

private:
  std::FILE *file_ = nullptr;
};

} // namespace gossipper::runtime::api
