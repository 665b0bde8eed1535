//===- trace_log.hpp - One of SIPp's trace files ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A trace file (<scenario>_<pid>_messages.log, _shortmessages.log, _logs.log,
// _counts.csv, ...): opened at start as SIPp does ("w", or "a" with
// -X_overwrite false), written whole records at a time from any thread,
// flushed by the main loop every second and at the end, so a run stopped by
// a signal leaves every record complete.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class TraceLog {
public:
  TraceLog() = default;
  ~TraceLog();
  TraceLog(const TraceLog &) = delete;
  TraceLog &operator=(const TraceLog &) = delete;

  /// Opens `path`; false (with `error` naming the file) when it cannot.
  bool open(const std::string &path, bool overwrite, std::string &error);
  [[nodiscard]] bool is_open() const { return file_ != nullptr; }
  [[nodiscard]] const std::string &path() const { return path_; }
  /// Appends one record, whole.
  void write(std::string_view record);
  void flush();

  /// SIPp's time stamps: "YYYY-MM-DD\tHH:MM:SS.uuuuuu\tSECONDS.uuuuuu" and
  /// the message log's "YYYY-MM-DD HH:MM:SS.uuuuuu".
  static std::string timestamp();
  static std::string message_timestamp();

private:
  std::string path_;
  std::mutex mu_;
  std::FILE *file_ = nullptr;
};

} // namespace gossipper::runtime
