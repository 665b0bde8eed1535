//===- bash_completion.cpp - bash's completion of gossipper ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The completion script the package installs: `gossipper sipp` and
// `gossipper run` complete every option of the option table, a file after
// an option whose value is a FILE, a built-in scenario's name after -sn,
// -sd and -oocsn, and the words of a value written "a|b" (true|false,
// jit|interp). The other commands parse with CLI11 in main.cpp, not from a
// table; their few options are listed here.
//
//===----------------------------------------------------------------------===//
#include "documents.hpp"

#include "../gossipper/sipp_option_table.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <algorithm>

namespace gossipper::docgen {
namespace {

/// "a|b|c" as "a b c" when the placeholder is such a list of words, else
/// empty (a placeholder as "N" or "HOST:PORT" names a value to type).
std::string choice_words(std::string_view placeholder) {
  if (placeholder.find('|') == std::string_view::npos ||
      !std::all_of(placeholder.begin(), placeholder.end(), [](char c) {
        return c == '|' || c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      })) {
    return {};
  }
  std::string words(placeholder);
  std::replace(words.begin(), words.end(), '|', ' ');
  return words;
}

/// The shell's tables: every option, and those that take a file, a
/// built-in's name, a choice, or no value.
struct OptionWords {
  std::string all;                    ///< "-a -b"
  std::string flags, files, builtins; ///< case patterns: "-a|-b"
  std::string choices;                ///< case arms
};

void add_pattern(std::string &patterns, const std::string &option) {
  patterns += (patterns.empty() ? "" : "|") + option;
}

OptionWords option_words() {
  OptionWords w;
  for (const tools::SippOption &o : tools::sipp_option_table()) {
    for (std::string_view name : o.names) {
      std::string dashed = "-" + std::string(name);
      w.all += (w.all.empty() ? "" : " ") + dashed;
      std::string_view value = o.help.placeholder;
      if (o.kind == tools::OptionKind::Flag) {
        add_pattern(w.flags, dashed);
      } else if (value.starts_with("FILE")) {
        add_pattern(w.files, dashed);
      } else if (name == "sn" || name == "sd" || name == "oocsn") {
        add_pattern(w.builtins, dashed);
      } else if (std::string words = choice_words(value); !words.empty()) {
        w.choices.append("    ").append(dashed).append(") words='").append(words).append("' ;;\n");
      }
    }
  }
  return w;
}

std::string builtin_names() {
  std::string out;
  for (const scenarios::BuiltinScenario &s : scenarios::builtin_scenarios()) {
    out += (out.empty() ? "" : " ") + std::string(s.name);
  }
  return out;
}

constexpr std::string_view kFunctions = R"(
# The value of option $1 ($2: the word being typed); 1 when $1 is no
# option that takes one. A value typed freely (N, TIME) gets no words.
_gossipper_value() {
  local words=''
  case "$1" in
)";

constexpr std::string_view kBody = R"(    -*) ;;
    *) return 1 ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$2"))
  return 0 # compgen's 1 (no match) is no reason to offer options instead
}

_gossipper() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$_gossipper_commands --version --help" -- "$cur"))
    return
  fi
  local command=${COMP_WORDS[1]} options=''
  case "$command" in
    sipp|run|server)
      [ "$COMP_CWORD" -gt 2 ] && _gossipper_value "$prev" "$cur" && return
      options=$_gossipper_sipp_options
      [ "$command" = run ] && options="--trust $options"
      [ "$command" = server ] && options="-config --check $options" ;;
    check) options='--format --Werror --key --inf --infindex --3pcc --master --slave --slave_cfg' ;;
    compile) options='--sn --emit-ir --emit-ast --emit-llvm --no-locations -o --output'
      [ "$prev" = --sn ] && COMPREPLY=($(compgen -W "$_gossipper_builtins" -- "$cur")) && return ;;
    report|pcap2scenario) options='-o --output --call' ;;
    summary) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W merge -- "$cur")) && return
      options='-o' ;;
    tui) options='--api --token' ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _gossipper gossipper
)";

} // namespace

void write_bash_completion(std::ostream &out) {
  OptionWords w = option_words();
  out << "# bash completion for gossipper(1), written by gossipper-docgen from the\n"
         "# option table of gossipper sipp.\n"
      << "_gossipper_commands='sipp run check compile server report summary pcap2scenario cli "
         "tui'\n"
      << "_gossipper_sipp_options='" << w.all << "'\n"
      << "_gossipper_builtins='" << builtin_names() << "'\n"
      << kFunctions << "    " << w.flags << ") return 1 ;;\n"
      << "    -config|--check|" << w.files << ") COMPREPLY=($(compgen -f -- \"$2\")); return 0 ;;\n"
      << "    " << w.builtins << ") words=$_gossipper_builtins ;;\n"
      << w.choices << kBody;
}

} // namespace gossipper::docgen
