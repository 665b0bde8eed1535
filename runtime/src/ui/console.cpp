//===- console.cpp - SIPp's terminal --------------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "ui/console.hpp"

#include <unistd.h>

namespace gossipper::runtime {

Console::Console(bool no_stdin, std::FILE *out)
    : out_(out), tty_(::isatty(STDOUT_FILENO) != 0),
      keyboard_(tty_ && ::isatty(STDIN_FILENO) != 0 && !no_stdin) {
  if (keyboard_) {
    ::tcgetattr(STDIN_FILENO, &saved_);
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
}

Console::~Console() { restore(); }

void Console::restore() {
  if (keyboard_) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    keyboard_ = false;
  }
}

int Console::key_fd() const { return keyboard_ ? STDIN_FILENO : -1; }

void Console::read(const std::function<void(char)> &key,
                   const std::function<void(const std::string &)> &command) {
  if (!keyboard_) {
    return;
  }
  char c = 0;
  while (::read(STDIN_FILENO, &c, 1) == 1) {
    if (command_mode_) {
      if (c == '\n' || c == '\r') {
        std::string line;
        line.swap(command_);
        command_mode_ = false;
        command(line);
      } else {
        command_ += c;
      }
    } else if (c == 'c') {
      command_mode_ = true;
    } else {
      key(c);
    }
  }
}

void Console::draw(const std::string &screen) {
  std::fputs("\x1b[H\x1b[2J", out_);
  std::fputs(screen.c_str(), out_);
  if (command_mode_) {
    std::fprintf(out_, "\nCommand: %s", command_.c_str());
  }
  std::fflush(out_);
}

void Console::clear() {
  if (tty_) {
    std::fputs("\x1b[H\x1b[2J", out_);
  }
}

} // namespace gossipper::runtime
