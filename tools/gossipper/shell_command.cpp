//===- shell_command.cpp - gossipper cli ----------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// `gossipper cli [SCRIPT]`: the shell on a terminal, or a script's lines
// (SCRIPT, or standard input when it is not a terminal), where the first
// command that fails ends the script with exit status 1.
//
//===----------------------------------------------------------------------===//
#include "commands.hpp"
#include "server_children.hpp"
#include "shell_line_reader.hpp"
#include "shell_session.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace gossipper::tools {

int run_cli(const std::string &script) {
  std::ifstream file;
  if (!script.empty()) {
    file.open(script);
    if (!file) {
      std::cerr << "gossipper cli: cannot read " << script << "\n";
      return 2;
    }
  }
  // The runs' port files, error outputs and summaries: the shell's own.
  std::string tmpl = make_work_dir("gossipper-cli");
  if (tmpl.empty()) {
    std::cerr << "gossipper cli: cannot make a working directory in "
              << std::filesystem::temp_directory_path() << "\n";
    return 2;
  }
  bool interactive = script.empty() && ::isatty(STDIN_FILENO) != 0;
  int status = 0;
  {
    ShellSession session(self_path(), tmpl, std::cout, std::cerr);
    ShellLineReader reader =
        interactive ? ShellLineReader(session) : ShellLineReader(script.empty() ? std::cin : file);
    if (interactive) {
      std::cout << "gossipper " << version_string()
                << " shell: help lists the commands, Tab completes, quit leaves\n";
    }
    while (std::optional<std::string> line = reader.next()) {
      bool ok = session.execute(*line);
      if (!ok && !interactive) {
        status = 1; // a script stops at its first failure, as sh -e does
        break;
      }
      if (session.quitting()) {
        break;
      }
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(tmpl, ec);
  return status;
}

} // namespace gossipper::tools
