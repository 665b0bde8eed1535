//===- json_text.hpp - Text that JSON can carry ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Boost.JSON writes a string's bytes as they are: text from outside (a
// request's path, a Latin-1 scenario file, a label in it) must be made
// valid UTF-8 first, or an answer would not be JSON.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace gossipper::runtime::api {

/// `text` with each byte that does not start a valid UTF-8 sequence (an
/// overlong, surrogate or truncated one included) replaced by U+FFFD.
[[nodiscard]] std::string valid_utf8(std::string_view text);

} // namespace gossipper::runtime::api
