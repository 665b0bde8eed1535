//===- shell_line_reader.hpp - gossipper cli's lines ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Where the shell's lines come from: a terminal, through libedit (history
// kept in ~/.config/gossipper/cli_history, Tab completing commands, option
// names and file names as ShellSession::complete says), or a script (a
// file, or standard input when it is not a terminal), line by line.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "shell_session.hpp"

#include <istream>
#include <optional>
#include <string>

namespace gossipper::tools {

class ShellLineReader {
public:
  /// Lines from the terminal, completed by `session`.
  explicit ShellLineReader(const ShellSession &session);
  /// Lines from a script.
  explicit ShellLineReader(std::istream &script) : script_(&script) {}
  ~ShellLineReader();
  ShellLineReader(const ShellLineReader &) = delete;
  ShellLineReader &operator=(const ShellLineReader &) = delete;

  /// The next line; none at the end (end of file, or Ctrl-D).
  std::optional<std::string> next();

private:
  std::istream *script_ = nullptr;
  std::string history_; ///< the history file ("" when there is no home)
};

} // namespace gossipper::tools
