//===- utf8_text.hpp - Text made valid UTF-8 -------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// JSON carries UTF-8 only, and Boost.JSON (like our own JSON writers) writes
// a string's bytes as they are: text from outside (a request's path, a
// Latin-1 scenario file, a message off the wire) is made valid UTF-8 first,
// or the API's answers, the structured events and HEP's QoS reports would
// not be JSON.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace gossipper::stdlib {

/// `text` with each byte that does not start a valid UTF-8 sequence (an
/// overlong, surrogate or truncated one included) replaced by U+FFFD.
[[nodiscard]] std::string valid_utf8(std::string_view text);

/// Appends `s` as a JSON string, quotes included.
inline void append_json_string(std::string &out, std::string_view s) {
  bool ascii = true;
  for (char c : s) {
    ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  }
  std::string fixed;
  if (!ascii) {
    fixed = valid_utf8(s);
    s = fixed;
  }
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", u);
      out += esc;
    } else {
      out += c;
    }
  }
  out += '"';
}

} // namespace gossipper::stdlib
