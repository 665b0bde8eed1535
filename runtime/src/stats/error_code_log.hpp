//===- error_code_log.hpp - SIPp's -trace_error_codes file --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <scenario>_<pid>_error_codes.csv: on the -fd schedule, the time, the
// elapsed time, and the status codes of the unexpected responses seen since
// the previous line ("480,503,"), newest first as SIPp lists them. Calls of
// every thread add codes; the main thread writes them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "trace/trace_log.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace gossipper::runtime {

class ErrorCodeLog {
public:
  Expected<void> open(const std::string &path, std::string delimiter);
  [[nodiscard]] bool is_open() const { return file_.is_open(); }
  /// An unexpected response's status code.
  void add(int code);
  /// Writes the line of the codes since the previous one.
  void row(uint64_t start_us, uint64_t now_us);

  /// Codes kept between two lines, at most: a storm of failures cannot make
  /// the statistics grow without bound (the rest are counted as dropped).
  static constexpr size_t kMaxPending = 100000;

private:
  TraceLog file_;
  std::string delimiter_;
  std::mutex mu_;
  std::vector<int> pending_;
  uint64_t dropped_ = 0;
};

} // namespace gossipper::runtime
