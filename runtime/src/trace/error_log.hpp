//===- error_log.hpp - SIPp's error trace (-trace_err) ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every warning of a run (a malformed message, a message for no call, an
// unexpected message, a receive timeout...) is counted and kept as "the last
// error" for the screen. With -trace_err each one is also written, time-
// stamped as SIPp does, to <scenario>_<pid>_errors.log (or -error_file),
// flushed line by line so that a killed run loses nothing. At the end the
// last one goes to standard error with SIPp's pointer to the rest.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "trace/trace_log.hpp"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace gossipper::runtime {

class ErrorLog {
public:
  /// Errors go to `path` when `to_file` (-trace_err); always counted, and
  /// the last one kept.
  ErrorLog(std::string path, bool overwrite, bool to_file);
  ~ErrorLog();
  ErrorLog(const ErrorLog &) = delete;
  ErrorLog &operator=(const ErrorLog &) = delete;

  /// -max_log_size / -ringbuffer_*: set before the first error.
  void set_rotation(LogRotation rotation, std::string rotated_prefix);
  /// Records one error; callable from any thread (errors are rare in a
  /// healthy run, so a lock is fine here).
  void add(const std::string &text);
  /// "trace error on|off": later errors go to the file, or no more.
  void set_to_file(bool on);

  /// The last error's text, without its time stamp.
  [[nodiscard]] std::string last() const;
  [[nodiscard]] uint64_t count() const;
  /// The end-of-run report on `out`, as SIPp's: the last error, then where
  /// the others are.
  void report(std::FILE *out) const;

private:
  std::string path_;
  bool overwrite_;
  bool to_file_;
  mutable std::mutex mu_;
  TraceLog file_;
  bool opened_ = false;
  bool open_failed_ = false;
  uint64_t count_ = 0;
  std::string last_;      ///< with its time stamp, for the end-of-run report
  std::string last_text_; ///< without, for the screen's "Last Error"
};

} // namespace gossipper::runtime
