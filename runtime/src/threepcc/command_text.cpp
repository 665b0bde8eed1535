//===- command_text.cpp - What a 3PCC command says ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "threepcc/command_text.hpp"

namespace gossipper::runtime {
namespace {

/// The word after `label` and its blanks; empty when `label` is absent.
/// `ended`: the word must be followed by a blank or a line end.
std::string_view word_after(std::string_view text, std::string_view label, bool ended) {
  size_t at = text.find(label);
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view v = text.substr(at + label.size());
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
    v.remove_prefix(1);
  }
  size_t end = v.find_first_of(" \t\r\n");
  if (ended && end == std::string_view::npos) {
    return {};
  }
  return v.substr(0, end);
}

} // namespace

std::string_view command_sender(std::string_view text) { return word_after(text, "From:", false); }

bool is_abort_command(std::string_view text) {
  return word_after(text, "internal-cmd:", true) == "abort_call";
}

std::string_view command_body(std::string_view text) {
  while (text.size() >= 2 && text.substr(text.size() - 2) == "\r\n") {
    text.remove_suffix(2);
  }
  return text;
}

} // namespace gossipper::runtime
