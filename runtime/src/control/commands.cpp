//===- commands.cpp - SIPp's keys and commands ----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/commands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace gossipper::runtime {
namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? std::string_view() : s.substr(b, e - b + 1);
}

/// The first word, and the rest trimmed.
std::pair<std::string, std::string> split_word(std::string_view line) {
  size_t sp = line.find(' ');
  return {std::string(line.substr(0, sp)),
          sp == std::string_view::npos ? std::string() : std::string(trim(line.substr(sp + 1)))};
}

Expected<void> set_screen_option(ScreenChoice &screens, const std::string &attr,
                                 const std::string &value) {
  if (attr == "display") {
    // The screens show the main scenario or the out-of-call one (-oocsf).
    if (value == "main") {
      screens.out_of_call = false;
    } else if (value == "ooc" && screens.has_out_of_call) {
      screens.out_of_call = true;
    } else {
      return Error{"Unknown display scenario: " + value};
    }
    return {};
  }
  if (value != "true" && value != "false") {
    return Error{"Invalid bool: " + value};
  }
  screens.hide = value == "true";
  return {};
}

Expected<void> set_command(RunControl &run, ScreenChoice &screens, const std::string &attr,
                           const std::string &value) {
  char *end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  bool number = end != value.c_str() && *end == '\0';
  bool users = run.status().users >= 0;
  if (attr == "rate") {
    if (users) {
      return Error{"Rates can not be set in a user-based benchmark."};
    }
    if (!number || !(v >= 0) || !std::isfinite(v)) {
      return Error{"Invalid rate value: \"" + value + "\""};
    }
    return run.set_rate(v);
  }
  if (attr == "limit") {
    if (users) {
      return Error{"Can not set call limit for a user-based benchmark."};
    }
    if (!number || v < 0) {
      return Error{"Invalid limit value: \"" + value + "\""};
    }
    return run.set_call_limit(static_cast<uint64_t>(v));
  }
  if (attr == "users") {
    if (!users) {
      return Error{"Users can not be changed at run time for a rate-based benchmark."};
    }
    if (!number || v < 0 || v != std::floor(v)) {
      return Error{"Invalid users value: \"" + value + "\""};
    }
    return run.set_users(static_cast<uint32_t>(v));
  }
  if (attr == "display" || attr == "hide") {
    return set_screen_option(screens, attr, value);
  }
  return Error{"Unknown set attribute: " + attr};
}

Expected<void> trace_command(RunControl &run, const std::string &file, const std::string &value) {
  bool on = false;
  if (value == "on" || value == "true") {
    on = true;
  } else if (value != "off" && value != "false") {
    return Error{"The trace command's second argument must be on or off."};
  }
  return run.set_trace(file, on);
}

} // namespace

void apply_key(RunControl &run, ScreenChoice &screens, char key, double rate_scale) {
  switch (key) {
  case 'q': run.stop_gracefully(); break;
  case 'Q': run.stop_now(); break;
  case 'p': run.set_paused(!run.status().paused); break;
  case '+':
  case '-':
  case '*':
  case '/': {
    double step = (key == '+' || key == '-' ? 1.0 : 10.0) * rate_scale;
    if (key == '-' || key == '/') {
      step = -step;
    }
    RunStatus now = run.status();
    if (now.users >= 0) {
      double users = static_cast<double>(now.users) + step;
      (void)run.set_users(static_cast<uint32_t>(std::max(0.0, users)));
    } else {
      (void)run.set_rate(std::max(0.0, now.rate + step));
    }
    break;
  }
  default:
    // SIPp's screens, and our media screen on '0'.
    if ((key >= '0' && key <= '3') || (key >= '6' && key <= '9')) {
      screens.screen = key;
    }
  }
}

Expected<void> apply_command(RunControl &run, ScreenChoice &screens, std::string_view raw) {
  auto [cmd, rest] = split_word(trim(raw));
  if (rest.empty()) {
    return Error{"The " + cmd + " command requires at least one argument"};
  }
  if (cmd == "dump") {
    if (rest == "tasks") {
      run.dump_tasks();
    } else if (rest == "variables") {
      run.dump_variables();
    } else {
      return Error{"Unknown dump type: " + rest};
    }
    return {};
  }
  if (cmd == "reset") {
    if (rest != "stats") {
      return Error{"Unknown reset type: " + rest};
    }
    run.reset_stats();
    return {};
  }
  if (cmd != "set" && cmd != "trace") {
    return Error{"Unrecognized command: \"" + cmd + "\""};
  }
  auto [attr, value] = split_word(rest);
  if (value.empty()) {
    return Error{cmd == "set" ? "The set command requires two arguments (attribute and value)"
                              : "The trace command requires two arguments (log and [on|off])"};
  }
  if (cmd == "trace") {
    return trace_command(run, attr, value);
  }
  return set_command(run, screens, attr, value);
}

} // namespace gossipper::runtime
