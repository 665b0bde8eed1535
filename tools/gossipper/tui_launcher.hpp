//===- tui_launcher.hpp - gossipper tui's launcher form ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The form a test starts from: scenario (a built-in's name, an XML file or
// a precompiled .gso), target, transport, rate, limit, calls, and any more
// `gossipper sipp` options (media, traces); the recent runs' forms, kept in
// ~/.config/gossipper/tui_recent. Free of I/O but for that file: keys in,
// lines out, and the run's options (shell_options.hpp) when it starts.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "shell_options.hpp"
#include "tui_view.hpp"

#include "gossipper/stdlib/expected.hpp"

#include <array>
#include <string>
#include <vector>

namespace gossipper::tools {

class TuiLauncher {
public:
  enum Field : size_t { Scenario, Target, Transport, Rate, Limit, Calls, More, kFields };
  enum class Action { None, Start, Leave };

  TuiLauncher();
  /// A key: editing, moving between fields (Up, Down, Tab), Ctrl-R for the
  /// next recent run, Enter on the last field to start, Esc to leave.
  Action key(int k);
  /// The form in `width` x `height`; where the cursor goes.
  [[nodiscard]] std::vector<TuiLine> lines(int width, int height, int &cursor_row,
                                           int &cursor_col) const;
  /// The run's options; an error naming the field that is wrong.
  [[nodiscard]] Expected<ShellOptions> options() const;
  /// A scenario file to check before starting ("" for a built-in).
  [[nodiscard]] std::string scenario_file() const;
  /// Shown under the form (check results, errors).
  void say(std::vector<std::string> lines) { message_ = std::move(lines); }
  void set(Field f, std::string value) { values_[f] = std::move(value); }
  [[nodiscard]] const std::string &value(Field f) const { return values_[f]; }

  /// Reads and writes the recent runs (`file` "": none kept).
  void load_recent(const std::string &file);
  void remember(const std::string &file);

private:
  std::array<std::string, kFields> values_;
  size_t at_ = Scenario;
  std::vector<std::array<std::string, kFields>> recent_;
  size_t recent_at_ = 0;
  std::vector<std::string> message_;
};

} // namespace gossipper::tools
