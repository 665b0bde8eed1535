//===- console.hpp - SIPp's terminal ---------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// When standard input and output are a terminal (and not -nostdin), keys are
// read one by one without echo, `c` starts a command line ended by Enter,
// and the screen is redrawn in place; the terminal is restored when the run
// ends. Without a terminal nothing is drawn until the final screens.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <termios.h>

namespace gossipper::runtime {

class Console {
public:
  Console(bool no_stdin, std::FILE *out);
  ~Console();
  Console(const Console &) = delete;
  Console &operator=(const Console &) = delete;

  /// Standard output is a terminal: screens are drawn live.
  [[nodiscard]] bool tty() const { return tty_; }
  /// What the run loop polls for keys (-1: no keyboard).
  [[nodiscard]] int key_fd() const;
  /// Every key waiting: a key to `key`, a command line (after `c`, ended
  /// by Enter) to `command`.
  void read(const std::function<void(char)> &key,
            const std::function<void(const std::string &)> &command);
  /// Redraws the screen, with the command being typed under it.
  void draw(const std::string &screen);
  /// Clears the terminal before the final screens.
  void clear();
  /// Restores the terminal's modes (also done on destruction).
  void restore();

private:
  std::FILE *out_;
  bool tty_;
  bool keyboard_;
  termios saved_{};
  bool command_mode_ = false;
  std::string command_;
};

} // namespace gossipper::runtime
