//===- message_buffer.cpp - A message being written -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/message_buffer.hpp"

#include <cctype>
#include <cstdio>

namespace gossipper::runtime {

void fill_len(MessageBuffer &b) {
  if (b.len_marker == std::string::npos || b.len_marker + 5 > b.data.size()) {
    return;
  }
  size_t body = b.data.find("\r\n\r\n");
  // [authentication] alone on its line is an empty line until the
  // credentials fill it in (after this): SIPp writes a placeholder there, so
  // its body starts at the next blank line, not at that one.
  if (body != std::string::npos && b.auth_marker != std::string::npos &&
      body + 2 == b.auth_marker) {
    body = b.data.find("\r\n\r\n", b.auth_marker);
  }
  char digits[16];
  long long length = 0;
  if (body != std::string::npos) {
    size_t after = b.data.size() - body; // bytes from the separator on
    if (after > 4 && after < 100004) {
      length = static_cast<long long>(after - 4) + b.len_offset;
    }
  }
  std::snprintf(digits, sizeof digits, "%5u", static_cast<unsigned>(length));
  b.data.replace(b.len_marker, 5, digits);
}

} // namespace gossipper::runtime
