//===- trace_log.hpp - One of SIPp's trace files ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A trace file (<scenario>_<pid>_messages.log, _shortmessages.log, _logs.log,
// _counts.csv, ...): opened at start as SIPp does ("w", or "a" with
// -X_overwrite false), written whole records at a time from any thread,
// flushed by the main loop every second and at the end, so a run stopped by
// a signal leaves every record complete. A write that fails (a full disk)
// cuts the file back to its last flushed record and ends the trace, with one
// line on standard error and the records lost counted: the run goes on.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>

namespace gossipper::runtime {

/// SIPp's size limits of its text traces: -max_log_size stops writing a file
/// past that many bytes; -ringbuffer_size rotates it instead, keeping the
/// last -ringbuffer_files rotated files (<prefix>_<start time>[.n].log).
struct LogRotation {
  uint64_t max_log_size = 0;
  uint64_t ringbuffer_size = 0;
  uint32_t ringbuffer_files = 0;
};

class TraceLog {
public:
  TraceLog() = default;
  ~TraceLog();
  TraceLog(const TraceLog &) = delete;
  TraceLog &operator=(const TraceLog &) = delete;

  /// Opens `path` (the error names the file).
  Expected<void> open(const std::string &path, bool overwrite);
  [[nodiscard]] bool is_open() const { return file_ != nullptr; }
  [[nodiscard]] const std::string &path() const { return path_; }
  /// Size limits, and the name rotated files start with
  /// ("<scenario>_<pid>_messages").
  void set_rotation(LogRotation rotation, std::string rotated_prefix);
  /// Appends one record, whole.
  void write(std::string_view record);
  void flush();
  /// Records lost to a failed write (a full disk): the file keeps its last
  /// whole record and is written no more.
  [[nodiscard]] uint64_t lost() const;

private:
  void rotate();
  /// A write failed with `err`: cut the file back to its last flushed
  /// record, stop writing it, and say so once on standard error.
  void fail(int err);
  /// What stdio holds, to the file; false when that failed (fail() ran).
  bool flush_locked();

  static constexpr size_t kBuffer = size_t{64} * 1024;

  std::string path_;
  mutable std::mutex mu_;
  std::FILE *file_ = nullptr;
  LogRotation rotation_;
  std::string rotated_prefix_;
  uint64_t written_ = 0;   ///< bytes in the current file
  int64_t flushed_at_ = 0; ///< where the last flushed record ends
  uint64_t unflushed_ = 0; ///< records written since
  size_t pending_ = 0;     ///< their bytes
  bool failed_ = false;
  uint64_t lost_ = 0;
  long started_ = 0;                ///< when the current file was opened (s)
  std::deque<std::string> rotated_; ///< oldest first
};

} // namespace gossipper::runtime
