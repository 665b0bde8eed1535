//===- tui_view.hpp - gossipper tui's dashboard, as lines -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the dashboard shows, laid out for a terminal of a given size: the
// run's status, its calls, its response-time percentiles with sparklines
// of their recent past, SIPp's message table, and the media's counts when
// media runs. Free of I/O and of curses: tui_terminal.hpp draws the lines.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json/object.hpp>

#include <deque>
#include <string>
#include <vector>

namespace gossipper::tools {

/// One interval of the run (its /api/v1/history point).
struct TuiPoint {
  double rate_cps = 0;
  double open = 0;
  double failed_rate_cps = 0;
  double p50_ms = -1; ///< -1: no call ended in it
  double p99_ms = -1;
};

struct TuiDashboard {
  boost::json::object stats; ///< the newest /api/v1/stats
  std::deque<TuiPoint> points;
  std::string source; ///< "run1 (pid 42)", or the remote API's address
  std::string note;   ///< the last key's effect, or why the API is silent
  bool ended = false; ///< the run is over: its last figures stay
};

struct TuiLine {
  std::string text; ///< UTF-8, at most the width in columns
  bool heading = false;
};

/// The dashboard in `width` x `height` (at least 80 x 24): the lines that
/// fit, the keys on the last. `utf8`: block sparklines, else ASCII ones.
std::vector<TuiLine> dashboard_lines(const TuiDashboard &d, int width, int height, bool utf8);

/// `values` (the newest last; negative ones are gaps) as a `width`-column
/// sparkline scaled to their maximum.
std::string sparkline(const std::vector<double> &values, size_t width, bool utf8);

/// Columns `text` takes (UTF-8: one per code point).
size_t columns(const std::string &text);

} // namespace gossipper::tools
