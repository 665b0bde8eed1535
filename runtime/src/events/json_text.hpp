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

/// Shared with the HEP QoS reports (export/), hence in stdlib.
using stdlib::append_json_string;

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
