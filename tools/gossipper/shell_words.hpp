//===- shell_words.hpp - A shell line's words -------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <vector>

namespace gossipper::tools {

/// A line's words: split at blanks; "double quotes" keep blanks (and are
/// dropped).
std::vector<std::string> split_words(const std::string &line);

} // namespace gossipper::tools
