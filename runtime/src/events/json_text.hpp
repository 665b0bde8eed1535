//===- json_text.hpp - Strings written into JSON ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The JSON lines and OTLP/JSON are written by hand, straight into one
// buffer per batch (no document tree per event). Texts come from the wire
// or a scenario and may be any bytes, or a UTF-8 sequence cut at the end
// of an event's inline buffer: they are made valid UTF-8 first.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/utf8_text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace gossipper::runtime::events {

/// Appends `s` as a JSON string, quotes included.
inline void append_json_string(std::string &out, std::string_view s) {
  bool ascii = true;
  for (char c : s) {
    ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  }
  std::string fixed;
  if (!ascii) {
    fixed = stdlib::valid_utf8(s);
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

/// Appends a finite number as JSON (null when it is not finite), with
/// enough digits for a MOS or a jitter in ms.
inline void append_json_double(std::string &out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  out += text;
}

} // namespace gossipper::runtime::events
