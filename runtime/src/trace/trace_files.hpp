//===- trace_files.hpp - A run's trace files -------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's -trace_err, -trace_msg, -trace_shortmsg, -trace_logs and
// -trace_calldebug, with SIPp's names (<scenario>_<pid>_messages.log...)
// and size limits, opened before any traffic, flushed by the run loop, and
// turned on and off while the run goes on ("trace messages off"). The
// message traces reach the calls as message observers.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "trace/error_log.hpp"
#include "trace/message_observer.hpp"
#include "trace/message_trace.hpp"
#include "trace/trace_log.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

namespace gossipper::runtime {

/// <scenario>_<pid><suffix>, unless the user named the file.
[[nodiscard]] std::string trace_file_name(const RunConfig &cfg, const std::string &given,
                                          const char *suffix);

class TraceFiles {
public:
  explicit TraceFiles(const RunConfig &cfg);

  /// Opens the files the options ask for, in SIPp's order.
  Expected<void> open();
  void flush();
  /// "trace error|logs|messages|shortmessages on|off". A file turned off
  /// stays open (a shard may be writing a record to it) and is flushed;
  /// turned on again, it is appended to.
  Expected<void> set(std::string_view which, bool on);

  ErrorLog &errors() { return *errors_; }
  /// The message traces, as every call engine sees them.
  [[nodiscard]] const MessageObservers &observers() const { return observers_; }
  /// Another observer (an exporter), before the shards start.
  void add_observer(MessageObserver *observer) { observers_.add(observer); }
  /// -trace_calldebug's file, null when not traced.
  [[nodiscard]] TraceLog *call_debug() { return cfg_.trace_calldebug ? &calldebug_ : nullptr; }
  /// A <log> action's text, when -trace_logs is on.
  void log(const std::string &text);

private:
  Expected<void> toggle(TraceLog &log, const std::string &file, const char *suffix, bool overwrite,
                        bool on);

  const RunConfig &cfg_;
  std::unique_ptr<ErrorLog> errors_;
  TraceLog messages_;
  TraceLog short_messages_;
  TraceLog logs_;
  TraceLog calldebug_;
  std::atomic<bool> logs_on_{false};
  MessageTrace message_trace_;
  ShortMessageTrace short_message_trace_;
  MessageObservers observers_;
};

} // namespace gossipper::runtime
