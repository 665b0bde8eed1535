//===- shell_line_reader.cpp - gossipper cli's lines ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "shell_line_reader.hpp"

#include "shell_words.hpp"
#include "user_config.hpp"

#include <editline/readline.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace gossipper::tools {
namespace {

constexpr int kHistoryLines = 1000;

/// readline's completion hooks are plain functions: the one session the
/// terminal's reader completes for.
const ShellSession *completing = nullptr;
std::vector<std::string> candidates;

char *next_candidate(const char *text, int state) {
  static size_t at = 0;
  if (state == 0) {
    at = 0;
  }
  size_t length = std::strlen(text);
  while (at < candidates.size()) {
    const std::string &c = candidates[at++];
    if (c.compare(0, length, text) == 0) {
      return strdup(c.c_str()); // readline frees it
    }
  }
  return nullptr;
}

char **complete(const char *text, int start, int /*end*/) {
  std::vector<std::string> words = split_words(std::string(rl_line_buffer, start));
  if (completing == nullptr ||
      completing->complete(words, candidates) == ShellSession::Completion::Files) {
    return nullptr; // readline's own: file names
  }
  rl_attempted_completion_over = 1; // no file names after a command's words
  return rl_completion_matches(text, next_candidate);
}

} // namespace

ShellLineReader::ShellLineReader(const ShellSession &session)
    : history_(user_config_file("cli_history")) {
  completing = &session;
  rl_readline_name = "gossipper";
  rl_attempted_completion_function = complete;
  using_history();
  if (!history_.empty()) {
    read_history(history_.c_str());
  }
}

ShellLineReader::~ShellLineReader() {
  if (script_ == nullptr) {
    completing = nullptr;
    if (!history_.empty()) {
      write_history(history_.c_str());
      history_truncate_file(history_.c_str(), kHistoryLines);
    }
  }
}

std::optional<std::string> ShellLineReader::next() {
  if (script_ != nullptr) {
    std::string line;
    if (!std::getline(*script_, line)) {
      return std::nullopt;
    }
    return line;
  }
  char *raw = readline("gossipper> ");
  if (raw == nullptr) {
    return std::nullopt;
  }
  std::string line(raw);
  std::free(raw); // NOLINT: readline's allocation
  if (line.find_first_not_of(" \t") != std::string::npos) {
    add_history(line.c_str());
  }
  return line;
}

} // namespace gossipper::tools
