//===- trace_files.cpp - A run's trace files ------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/trace_files.hpp"

namespace gossipper::runtime {

std::string trace_file_name(const RunConfig &cfg, const std::string &given, const char *suffix) {
  return given.empty() ? cfg.scenario_name + "_" + std::to_string(cfg.pid) + suffix : given;
}

TraceFiles::TraceFiles(const RunConfig &cfg)
    : cfg_(cfg),
      errors_(std::make_unique<ErrorLog>(trace_file_name(cfg, cfg.error_file, "_errors.log"),
                                         cfg.error_overwrite, cfg.trace_err)) {
  observers_.add(&message_trace_);
  observers_.add(&short_message_trace_);
}

Expected<void> TraceFiles::open() {
  // Opened before any traffic, as SIPp opens them (an unwritable name stops
  // the run there).
  if (cfg_.max_log_size != 0 && cfg_.ringbuffer_size != 0) {
    return Error{"Ring Buffer options and maximum log size are mutually exclusive."};
  }
  LogRotation rotation{cfg_.max_log_size, cfg_.ringbuffer_size, cfg_.ringbuffer_files};
  std::string prefix = cfg_.scenario_name + "_" + std::to_string(cfg_.pid) + "_";
  messages_.set_rotation(rotation, prefix + "messages");
  short_messages_.set_rotation(rotation, prefix + "shortmessages");
  logs_.set_rotation(rotation, prefix + "logs");
  calldebug_.set_rotation(rotation, prefix + "calldebug");
  errors_->set_rotation(rotation, prefix + "errors");
  if (cfg_.trace_calldebug) {
    Expected<void> opened = calldebug_.open(
        trace_file_name(cfg_, cfg_.calldebug_file, "_calldebug.log"), cfg_.calldebug_overwrite);
    if (!opened) {
      return opened;
    }
  }
  if (cfg_.trace_msg) {
    if (Expected<void> on = set("messages", true); !on) {
      return on;
    }
  }
  if (cfg_.trace_shortmsg) {
    if (Expected<void> on = set("shortmessages", true); !on) {
      return on;
    }
  }
  if (cfg_.trace_logs) {
    if (Expected<void> on = set("logs", true); !on) {
      return on;
    }
  }
  return {};
}

void TraceFiles::flush() {
  calldebug_.flush();
  messages_.flush();
  short_messages_.flush();
  logs_.flush();
}

void TraceFiles::log(const std::string &text) {
  if (logs_on_.load(std::memory_order_relaxed)) {
    logs_.write(text + "\n");
  }
}

Expected<void> TraceFiles::toggle(TraceLog &log, const std::string &file, const char *suffix,
                                  bool overwrite, bool on) {
  if (on && !log.is_open()) {
    return log.open(trace_file_name(cfg_, file, suffix), overwrite);
  }
  return {};
}

Expected<void> TraceFiles::set(std::string_view which, bool on) {
  TraceLog *log = nullptr;
  Expected<void> opened;
  if (which == "error") {
    errors_->set_to_file(on);
    return {};
  }
  if (which == "logs") {
    log = &logs_;
    opened = toggle(logs_, cfg_.log_file, "_logs.log", cfg_.log_overwrite, on);
    if (opened) {
      logs_on_.store(on);
    }
  } else if (which == "messages") {
    log = &messages_;
    opened = toggle(messages_, cfg_.message_file, "_messages.log", cfg_.message_overwrite, on);
    if (opened) {
      message_trace_.set_log(on ? log : nullptr);
    }
  } else if (which == "shortmessages") {
    log = &short_messages_;
    opened = toggle(short_messages_, cfg_.shortmessage_file, "_shortmessages.log",
                    cfg_.shortmessage_overwrite, on);
    if (opened) {
      short_message_trace_.set_log(on ? log : nullptr);
    }
  } else {
    return Error{"Unknown log file: " + std::string(which)};
  }
  observers_.refresh();
  if (opened && !on) {
    log->flush();
  }
  return opened;
}

} // namespace gossipper::runtime
