//===- hex_digit.hpp - The value of a hexadecimal digit --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Hex appears in "\x41" escapes, "0x..." keyword values, authentication
// keys and %XX URL escapes; all read a digit here.
//
//===----------------------------------------------------------------------===//
#pragma once

namespace gossipper::stdlib {

/// 0-15 for 0-9, a-f and A-F; -1 for anything else.
[[nodiscard]] constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

} // namespace gossipper::stdlib
