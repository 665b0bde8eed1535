//===- shell_session.hpp - gossipper cli's commands -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What each line of `gossipper cli` does. A run the shell starts is a
// `gossipper sipp` process of its own (as `gossipper server` starts its
// runs: server_children.hpp) with its API on a loopback port and a token
// made for it; `stats`, `rate`, `pause`, `stop` and `summary` go through
// that API, or, after `open api HOST:PORT`, through a remote run's or
// server's. The line reading (libedit, or a script) is elsewhere
// (shell_line_reader.hpp): this writes to the streams it is given.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "api_client.hpp"
#include "server_children.hpp"
#include "shell_options.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace gossipper::tools {

class ShellSession {
public:
  /// `self`: this executable; `work`: where runs' ports, errors and
  /// summaries go.
  ShellSession(std::string self, std::string work, std::ostream &out, std::ostream &err);
  /// Stops what the shell started (gracefully, then SIGTERM).
  ~ShellSession();
  ShellSession(const ShellSession &) = delete;
  ShellSession &operator=(const ShellSession &) = delete;

  /// Runs one line (blank lines and # comments do nothing); false when the
  /// command failed (it said why on the error stream).
  bool execute(const std::string &line);
  /// `quit` was given.
  [[nodiscard]] bool quitting() const { return quit_; }

  enum class Completion { Words, Files };
  /// What completes the word after `words` (the line's whole words before
  /// the cursor): candidates, or file names.
  [[nodiscard]] Completion complete(const std::vector<std::string> &words,
                                    std::vector<std::string> &candidates) const;
  /// Every command's name.
  [[nodiscard]] static std::vector<std::string> commands();

private:
  struct Command;
  static const std::vector<Command> &table();

  bool help(const std::vector<std::string> &w);
  bool set(const std::vector<std::string> &w);
  bool unset(const std::vector<std::string> &w);
  bool show(const std::vector<std::string> &w);
  bool check(const std::vector<std::string> &w);
  bool compile(const std::vector<std::string> &w);
  bool run(const std::vector<std::string> &w);
  bool stats(const std::vector<std::string> &w);
  bool rate(const std::vector<std::string> &w);
  bool pause(const std::vector<std::string> &w);
  bool resume(const std::vector<std::string> &w);
  bool stop(const std::vector<std::string> &w);
  bool wait(const std::vector<std::string> &w);
  bool summary(const std::vector<std::string> &w);
  bool open(const std::vector<std::string> &w);
  bool close(const std::vector<std::string> &w);
  bool quit(const std::vector<std::string> &w);

  /// The shell's own run, polled: null when it started none.
  [[nodiscard]] std::optional<ChildView> own_run();
  /// Where API requests go; false (said) when nowhere.
  bool connected();
  /// POST /api/v1/control with `body`; prints the new status.
  bool control(const std::string &body);
  /// Says an API answer that is not 2xx; false then.
  bool answered(const ApiAnswer &a);
  /// A 2xx answer's body as `format` writes it; false (said) otherwise.
  bool print(const ApiAnswer &a, Expected<std::string> (*format)(std::string_view));
  bool fail(const std::string &message);

  std::string self_, work_;
  std::ostream &out_, &err_;
  ShellOptions options_;
  ServerChildren runs_;
  std::string run_id_; ///< the shell's newest run ("" before any)
  unsigned runs_started_ = 0;
  std::optional<ApiEndpoint> remote_; ///< `open api`: the remote API
  bool quit_ = false;
};

} // namespace gossipper::tools
