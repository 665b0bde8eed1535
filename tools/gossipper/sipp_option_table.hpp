//===- sipp_option_table.hpp - Every option of gossipper sipp --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One row per option: its names (aliases share the row), how many values it
// takes, what it sets, and how `gossipper sipp -h` and docs/cli.md show it.
// The parser, the help and the documentation all read this one table, so an
// option cannot be accepted without being documented.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sipp_options.hpp"

#include "gossipper/stdlib/expected.hpp"

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::tools {

enum class OptionKind { Flag, Value, TwoValues };

/// The sections of `gossipper sipp -h`, in its order.
enum class HelpSection {
  Scenario,
  Transport,
  Calls,
  Media,
  Timers,
  Running,
  Traces,
  Management,
  Observability
};
inline constexpr HelpSection kHelpSections[] = {
    HelpSection::Scenario, HelpSection::Transport,  HelpSection::Calls,
    HelpSection::Media,    HelpSection::Timers,     HelpSection::Running,
    HelpSection::Traces,   HelpSection::Management, HelpSection::Observability};
std::string_view help_section_title(HelpSection section);

/// How an option shows in the help.
enum class HelpLayout {
  Own,    ///< an entry of its own: its names, then its lines
  Joined, ///< its names join the entry above's heading, whose lines say what both do
  InText, ///< the entry above's lines name and describe it
};

struct OptionHelp {
  HelpSection section;
  HelpLayout layout = HelpLayout::Own;
  std::string_view placeholder; ///< its value(s), as "FILE" or "NAME VALUE"
  std::vector<std::string_view>
      lines; ///< wrapped; an empty first line puts them all under the heading
};

/// The help entries of one section (so a row need not repeat its section).
struct HelpIn {
  HelpSection section;
  [[nodiscard]] OptionHelp entry(std::string_view placeholder,
                                 std::initializer_list<std::string_view> lines) const {
    return {section, HelpLayout::Own, placeholder, lines};
  }
  [[nodiscard]] OptionHelp joined(std::string_view placeholder = {}) const {
    return {section, HelpLayout::Joined, placeholder, {}};
  }
  [[nodiscard]] OptionHelp in_text(std::string_view placeholder = {}) const {
    return {section, HelpLayout::InText, placeholder, {}};
  }
};

/// Applies the option to the command line: (name, value) for a flag or a
/// one-value option, (first, second) for a two-value one.
using OptionApply =
    std::function<Expected<void>(SippCommandLine &, const std::string &, const std::string &)>;

/// An option's names: the one SIPp spells first, then its aliases.
struct OptionNames {
  OptionNames(const char *name) : list{name} {} // NOLINT: a lone name reads best unwrapped
  OptionNames(std::initializer_list<std::string_view> names) : list(names) {}
  std::vector<std::string_view> list;
};

struct SippOption {
  std::vector<std::string_view> names;
  OptionKind kind;
  OptionApply apply;
  OptionHelp help;
};

/// Every option of `gossipper sipp`, in the help's order.
const std::vector<SippOption> &sipp_option_table();

/// The row with this name (without dash), or null.
const SippOption *find_sipp_option(std::string_view name);

/// Each name of the row as a user writes it, with its placeholder: "-a X".
std::vector<std::string> option_spellings(const SippOption &o);

} // namespace gossipper::tools
