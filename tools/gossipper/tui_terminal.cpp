//===- tui_terminal.cpp - gossipper tui's curses screen -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "tui_terminal.hpp"

#include <algorithm>
#include <clocale>
#include <cstring>
#include <curses.h>
#include <langinfo.h>
#include <string>

namespace gossipper::tools {

static_assert(TuiTerminal::kResize == KEY_RESIZE);

TuiTerminal::TuiTerminal() {
  std::setlocale(LC_ALL, "");
  const char *codeset = nl_langinfo(CODESET);
  utf8_ = codeset != nullptr && std::strcmp(codeset, "UTF-8") == 0;
  set_escdelay(25); // Esc leaves the launcher at once, not after a second
  initscr();
  cbreak();
  noecho();
  keypad(stdscr, TRUE);
  colour_ = has_colors() && start_color() == OK;
  if (colour_) {
    use_default_colors();
    init_pair(1, COLOR_CYAN, -1);
  }
}

TuiTerminal::~TuiTerminal() { endwin(); }

int TuiTerminal::width() const { return COLS; }
int TuiTerminal::height() const { return LINES; }

void TuiTerminal::draw(const std::vector<TuiLine> &lines, int cursor_row, int cursor_col) {
  erase();
  for (size_t i = 0; i < lines.size() && static_cast<int>(i) < LINES; ++i) {
    int attrs = lines[i].heading ? (A_BOLD | (colour_ ? COLOR_PAIR(1) : 0)) : 0;
    attron(attrs);
    // The last column of the last line would scroll the screen: one less.
    std::string text = lines[i].text;
    if (static_cast<int>(i) == LINES - 1 && static_cast<int>(columns(text)) >= COLS) {
      while (!text.empty() && static_cast<int>(columns(text)) >= COLS) {
        text.pop_back();
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xc0U) == 0x80U) {
          text.pop_back();
        }
      }
    }
    mvaddstr(static_cast<int>(i), 0, text.c_str());
    attroff(attrs);
  }
  curs_set(cursor_row >= 0 ? 1 : 0);
  if (cursor_row >= 0) {
    move(cursor_row, cursor_col);
  }
  refresh();
}

int TuiTerminal::key(int timeout_ms) {
  timeout(timeout_ms);
  int k = getch();
  return k == ERR ? -1 : k;
}

bool TuiTerminal::wait_for_room() {
  while (too_small()) {
    std::string say = "gossipper tui needs " + std::to_string(kMinWidth) + "x" +
                      std::to_string(kMinHeight) + "; this terminal is " + std::to_string(width()) +
                      "x" + std::to_string(height()) + ". Make it larger, or q to leave.";
    erase();
    size_t w = static_cast<size_t>(std::max(COLS - 1, 1));
    for (int row = 0; !say.empty() && row < LINES; ++row) { // wrapped to the width
      mvaddnstr(row, 0, say.c_str(), static_cast<int>(w));
      say.erase(0, std::min(w, say.size()));
    }
    refresh();
    int k = key(500);
    if (k == 'q' || k == 27) {
      return false;
    }
  }
  return true;
}

} // namespace gossipper::tools
