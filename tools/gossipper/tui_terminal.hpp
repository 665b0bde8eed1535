//===- tui_terminal.hpp - gossipper tui's curses screen ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The terminal under ncurses (Debian's ncursesw): whole screens of lines
// drawn at once, keys read with a timeout, resizes reported as a key.
// Headings are bold (and in colour where the terminal has colours); a
// terminal without colours, or a locale that is not UTF-8, still works.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tui_view.hpp"

#include <vector>

namespace gossipper::tools {

class TuiTerminal {
public:
  /// The smallest screen the dashboard and the launcher lay out in.
  static constexpr int kMinWidth = 80;
  static constexpr int kMinHeight = 24;

  TuiTerminal();
  ~TuiTerminal();
  TuiTerminal(const TuiTerminal &) = delete;
  TuiTerminal &operator=(const TuiTerminal &) = delete;

  [[nodiscard]] int width() const;
  [[nodiscard]] int height() const;
  [[nodiscard]] bool too_small() const { return width() < kMinWidth || height() < kMinHeight; }
  [[nodiscard]] bool utf8() const { return utf8_; }
  /// Replaces the screen with `lines`; the cursor at (row, col), or hidden.
  void draw(const std::vector<TuiLine> &lines, int cursor_row = -1, int cursor_col = -1);
  /// The next key within `timeout_ms`, or -1; a resize is kResize.
  int key(int timeout_ms);
  /// Says the screen is too small, until it grows (true) or q/Esc (false).
  bool wait_for_room();

  static constexpr int kResize = 0x19a; // KEY_RESIZE, without curses.h here

private:
  bool utf8_ = false;
  bool colour_ = false;
};

} // namespace gossipper::tools
