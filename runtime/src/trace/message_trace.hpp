//===- message_trace.hpp - -trace_msg and -trace_shortmsg ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's two message traces as message observers: every message in full
// (_messages.log), or one line per message (_shortmessages.log). "trace
// messages on|off" points them at their file or at none while the shards
// run.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "trace/message_observer.hpp"
#include "trace/trace_log.hpp"

#include <atomic>

namespace gossipper::runtime {

/// An observer writing to a trace file that can be turned off and on.
class FileTrace : public MessageObserver {
public:
  /// The file to write to, or none (null).
  void set_log(TraceLog *log) { log_.store(log, std::memory_order_relaxed); }
  [[nodiscard]] bool enabled() const override {
    return log_.load(std::memory_order_relaxed) != nullptr;
  }

protected:
  [[nodiscard]] TraceLog *log() const { return log_.load(std::memory_order_relaxed); }

private:
  std::atomic<TraceLog *> log_{nullptr};
};

/// -trace_msg: SIPp 3.6's layout, a dashed line with the time, what
/// happened, a blank line, the message as it went, a newline.
class MessageTrace : public FileTrace {
public:
  void on_message(const MessageEvent &event) override;
};

/// -trace_shortmsg: time, S or R, Call-ID, CSeq and first line, one line.
class ShortMessageTrace : public FileTrace {
public:
  void on_message(const MessageEvent &event) override;
};

} // namespace gossipper::runtime
