//===- sipp_help.cpp - gossipper sipp -h, from the option table -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's help layout: a section per group, an entry per option (or per
// group of options that share one description), the heading padded to a
// column and the description wrapped under it. The text around the options
// (usage, example, signals, keys, exit codes) is fixed.
//
//===----------------------------------------------------------------------===//
#include "sipp_help.hpp"

#include "sipp_option_table.hpp"

namespace gossipper::tools {
namespace {

constexpr const char *kHelpHead = R"(Usage:

  gossipper sipp remote_host[:remote_port] [options]

Example:

   Run the embedded server (uas) scenario:
     gossipper sipp -sn uas
   On the same host, run the embedded client (uac) scenario:
     gossipper sipp -sn uac 127.0.0.1

  Options work with one dash or two, as in SIPp. Times take SIPp's units
  (ms, s, m, h). This build implements the options below.
)";

constexpr const char *kHelpTail = R"(
Signals: SIGUSR1 = q (soft quit); SIGUSR2 writes the screens to
<scenario>_<pid>_screen.log; SIGINT/SIGTERM stop at once, with the final
screens.

Keys: 1-3, 6-9 screens; + - * / rate; p pause; q soft quit (twice: abort
calls); Q abort calls; c command: set rate N, set limit N, set users N,
set hide true|false, set display main|ooc, reset stats, dump tasks, dump
variables, trace error|logs|messages|shortmessages on|off. The -cp socket
takes the same keys, one per datagram, or "c" followed by a command.

Exit codes: 0 all calls succeeded, 1 some failed, 97 stopped by an internal
command or -timeout without a successful call, 99 -h/-v/-sd, 255 fatal error,
254 a port could not be bound.
)";

constexpr size_t kHeadingWidth = 16; // the ':' of a short heading is in this column
constexpr const char *kEntryIndent = "   ";
constexpr const char *kTextIndent = "                     "; // where the lines wrap to

/// "-a X, -b X".
std::string heading_of(const SippOption &o) {
  std::string out;
  for (const std::string &spelling : option_spellings(o)) {
    out += (out.empty() ? "" : ", ") + spelling;
  }
  return out;
}

/// One entry: its heading, then its lines.
std::string entry_text(const std::string &heading, const std::vector<std::string_view> &lines) {
  std::string out = kEntryIndent + heading;
  if (lines.empty() || lines[0].empty()) {
    out += " :\n";
  } else if (heading.size() <= kHeadingWidth) {
    out += std::string(kHeadingWidth - heading.size(), ' ') + ": " + std::string(lines[0]) + "\n";
  } else {
    out += " : " + std::string(lines[0]) + "\n";
  }
  for (size_t i = 1; i < lines.size(); ++i) { // the first is on the heading's line
    out += kTextIndent + std::string(lines[i]) + "\n";
  }
  return out;
}

/// The entries of one section, in the table's order.
std::string section_text(HelpSection section) {
  std::string out = "\n*** " + std::string(help_section_title(section)) + ":\n";
  const std::vector<SippOption> &table = sipp_option_table();
  for (size_t i = 0; i < table.size(); ++i) {
    const SippOption &o = table[i];
    if (o.help.section != section || o.help.layout != HelpLayout::Own) {
      continue;
    }
    std::string heading = heading_of(o);
    for (size_t j = i + 1; j < table.size() && table[j].help.layout != HelpLayout::Own; ++j) {
      if (table[j].help.layout == HelpLayout::Joined) {
        heading += ", " + heading_of(table[j]);
      }
    }
    out += entry_text(heading, o.help.lines);
  }
  return out;
}

} // namespace

const std::string &sipp_help_text() {
  static const std::string text = [] {
    std::string out = kHelpHead;
    for (HelpSection section : kHelpSections) {
      out += section_text(section);
    }
    return out + kHelpTail;
  }();
  return text;
}

} // namespace gossipper::tools
