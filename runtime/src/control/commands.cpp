//===- engine_commands.cpp - SIPp's keys and commands ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the keyboard and the -cp control socket ask of a run, on the main
// thread: the keys (rate, pause, quit) and the commands after 'c' (set,
// trace, dump, reset), with SIPp's words for what they refuse.
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace gossipper::runtime {

void Engine::handle_key(char key) {
  switch (key) {
  case 'q': control_.quitting.fetch_add(10); break;
  case 'Q': control_.quitting.fetch_add(20); break;
  case 'p':
    if (!cfg_.server_mode && control_.quitting.load() == 0) {
      control_.paused.store(!control_.paused.load());
    }
    break;
  case '+':
  case '-':
  case '*':
  case '/': {
    double step = (key == '+' || key == '-' ? 1.0 : 10.0) * cfg_.rate_scale;
    if (users_) {
      double users = users_->users() + (key == '+' || key == '*' ? step : -step);
      users_->set_users(static_cast<uint32_t>(std::max(0.0, users)));
      break;
    }
    double rate = control_.rate.load() + (key == '+' || key == '*' ? step : -step);
    control_.rate.store(std::max(0.0, rate));
    if (cfg_.call_limit == 0) {
      control_.call_limit.store(default_call_limit(control_.rate.load()));
    }
    control_.rate_epoch.fetch_add(1);
    break;
  }
  default:
    if ((key >= '1' && key <= '3') || (key >= '6' && key <= '9')) {
      screen_key_ = key;
    }
  }
}

void Engine::dump_tasks() {
  // SIPp's task list: its run-wide tasks in the order it makes them, then
  // the calls, open and dead, which each worker thread lists on its next
  // tick.
  std::vector<std::string> lines;
  if (stat_csv_.is_open() || count_csv_.is_open() || error_codes_.is_open()) {
    lines.emplace_back("Statistics reporting task.");
  }
  if (cfg_.refresh_ms != 0) {
    lines.emplace_back("Screen update task.");
  }
  if (cfg_.rate_increase != 0) {
    lines.emplace_back("Increasing call rate task.");
  }
  const WatchdogOptions &w = cfg_.watchdog;
  if (w.interval_ms != 0) {
    lines.push_back("Watchdog Task: interval = " + std::to_string(w.interval_ms) +
                    ", major_threshold = " + std::to_string(w.major_threshold_ms) + " (" +
                    std::to_string(w.major_maxtriggers) +
                    " triggers left), minor_threshold = " + std::to_string(w.minor_threshold_ms) +
                    " (" + std::to_string(w.minor_maxtriggers) + " triggers left)");
  }
  if (!cfg_.server_mode && control_.quitting.load() == 0) {
    char rate[64];
    std::snprintf(rate, sizeof rate, "%f", control_.rate.load());
    lines.push_back(std::string("Uniform rate call generation task: ") + rate);
  }
  warn("---- " + std::to_string(lines.size() + call_tasks()) + " Active Tasks ----");
  for (const std::string &l : lines) {
    warn(l);
  }
  request_call_dumps();
}

void Engine::dump_variables() {
  // SIPp's three tables, outermost first, each sorted by name.
  const std::pair<ir::VarScope, int> levels[] = {
      {ir::VarScope::Global, 0}, {ir::VarScope::User, 1}, {ir::VarScope::Call, 2}};
  for (auto [scope, level] : levels) {
    std::vector<std::string> names;
    for (const ir::Variable &v : scenario_.variables) {
      if (v.scope == scope) {
        names.push_back(v.name);
      }
    }
    std::sort(names.begin(), names.end());
    warn(std::to_string(names.size()) + " level " + std::to_string(level) + " variables:");
    for (const std::string &n : names) {
      warn(n);
    }
  }
}

void Engine::handle_trace_command(const std::string &what, const std::string &value) {
  bool on = false;
  if (value == "on" || value == "true") {
    on = true;
  } else if (value != "off" && value != "false") {
    warn("The trace command's second argument must be on or off.");
    return;
  }
  // A file turned off stays open (a shard may be writing a record to it)
  // and is flushed; turned on again, it is appended to.
  auto toggle = [&](TraceLog &log, const std::string &file, const char *suffix, bool overwrite,
                    const std::function<void(TraceLog *)> &set) {
    if (on && !log.is_open()) {
      std::string error;
      if (!log.open(trace_file_name(file, suffix), overwrite, error)) {
        warn(error);
        return;
      }
    }
    if (!on) {
      set(nullptr);
      log.flush();
    } else {
      set(&log);
    }
  };
  if (what == "error") {
    errors_->set_to_file(on);
  } else if (what == "logs") {
    toggle(logs_log_, cfg_.log_file, "_logs.log", cfg_.log_overwrite,
           [this](TraceLog *log) { logs_on_.store(log != nullptr); });
  } else if (what == "messages") {
    toggle(messages_log_, cfg_.message_file, "_messages.log", cfg_.message_overwrite,
           [this](TraceLog *log) {
             ctx_.messages.store(log);
             ooc_ctx_.messages.store(log);
           });
  } else if (what == "shortmessages") {
    toggle(short_messages_log_, cfg_.shortmessage_file, "_shortmessages.log",
           cfg_.shortmessage_overwrite, [this](TraceLog *log) {
             ctx_.short_messages.store(log);
             ooc_ctx_.short_messages.store(log);
           });
  } else {
    warn("Unknown log file: " + what);
  }
}

void Engine::handle_command(const std::string &raw) {
  auto trim = [](const std::string &s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  std::string line = trim(raw);
  size_t sp = line.find(' ');
  std::string cmd = line.substr(0, sp);
  std::string rest = sp == std::string::npos ? std::string() : trim(line.substr(sp + 1));
  if (rest.empty()) {
    warn("The " + cmd + " command requires at least one argument");
    return;
  }
  if (cmd == "dump") {
    if (rest == "tasks") {
      dump_tasks();
    } else if (rest == "variables") {
      dump_variables();
    } else {
      warn("Unknown dump type: " + rest);
    }
    return;
  }
  if (cmd == "reset") {
    if (rest != "stats") {
      warn("Unknown reset type: " + rest);
      return;
    }
    reset_stats();
    return;
  }
  if (cmd != "set" && cmd != "trace") {
    warn("Unrecognized command: \"" + cmd + "\"");
    return;
  }
  size_t sp2 = rest.find(' ');
  std::string attr = rest.substr(0, sp2);
  std::string value = sp2 == std::string::npos ? std::string() : trim(rest.substr(sp2 + 1));
  if (value.empty()) {
    warn(cmd == "set" ? "The set command requires two arguments (attribute and value)"
                      : "The trace command requires two arguments (log and [on|off])");
    return;
  }
  if (cmd == "trace") {
    handle_trace_command(attr, value);
    return;
  }
  char *end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  bool number = end != value.c_str() && *end == '\0';
  if (attr == "rate" && users_) {
    warn("Rates can not be set in a user-based benchmark.");
  } else if (attr == "limit" && users_) {
    warn("Can not set call limit for a user-based benchmark.");
  } else if (attr == "users") {
    if (!users_) {
      warn("Users can not be changed at run time for a rate-based benchmark.");
    } else if (!number || v < 0 || v != std::floor(v)) {
      warn("Invalid users value: \"" + value + "\"");
    } else {
      users_->set_users(static_cast<uint32_t>(v));
    }
  } else if (attr == "rate") {
    if (!number) {
      warn("Invalid rate value: \"" + value + "\"");
      return;
    }
    control_.rate.store(std::max(0.0, v));
    if (cfg_.call_limit == 0) {
      control_.call_limit.store(default_call_limit(v));
    }
    control_.rate_epoch.fetch_add(1);
  } else if (attr == "display") {
    // The screens show the main scenario or the out-of-call one (-oocsf).
    if (value == "main") {
      display_ooc_ = false;
    } else if (value == "ooc" && ooc_screen_) {
      display_ooc_ = true;
    } else {
      warn("Unknown display scenario: " + value);
    }
  } else if (attr == "hide") {
    if (value == "true" || value == "false") {
      hide_ = value == "true";
    } else {
      warn("Invalid bool: " + value);
    }
  } else if (attr == "limit") {
    if (!number || v < 0) {
      warn("Invalid limit value: \"" + value + "\"");
      return;
    }
    control_.call_limit.store(static_cast<uint64_t>(v));
  } else {
    warn("Unknown set attribute: " + attr);
  }
}

} // namespace gossipper::runtime
