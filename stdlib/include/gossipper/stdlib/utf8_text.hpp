//===- utf8_text.hpp - Text made valid UTF-8 -------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// JSON carries UTF-8 only, and Boost.JSON (like our own JSON writers) writes
// a string's bytes as they are: text from outside (a request's path, a
// Latin-1 scenario file, a message off the wire) is made valid UTF-8 first,
// or the API's answers and the structured events would not be JSON.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace gossipper::stdlib {

/// `text` with each byte that does not start a valid UTF-8 sequence (an
/// overlong, surrogate or truncated one included) replaced by U+FFFD.
[[nodiscard]] std::string valid_utf8(std::string_view text);

} // namespace gossipper::stdlib
