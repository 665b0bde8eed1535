//===- commands.hpp - SIPp's keys and commands -----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the keyboard and the -cp socket ask of a run: the keys (rate, pause,
// quit, which screen) and the commands after `c` (set, trace, dump, reset),
// with SIPp's words for what they refuse (docs/sipp-behaviour.md, "Keys and
// commands"). They act on the run only through RunControl; what they change
// of the screens is the ScreenChoice.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_control.hpp"

#include <string_view>

namespace gossipper::runtime {

/// What the screens show.
struct ScreenChoice {
  char screen = '1';        ///< SIPp's 1-3, 6-9
  bool hide = true;         ///< "set hide false" shows rows marked hide="true"
  bool out_of_call = false; ///< "set display ooc": -oocsf's screens
  bool has_out_of_call = false;
};

/// A key; `rate_scale` is -rate_scale, the step of + - * /.
void apply_key(RunControl &run, ScreenChoice &screens, char key, double rate_scale);

/// A command line typed after `c` (or sent as "c..." to -cp).
Expected<void> apply_command(RunControl &run, ScreenChoice &screens, std::string_view line);

} // namespace gossipper::runtime
