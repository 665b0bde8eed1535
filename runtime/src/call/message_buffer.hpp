//===- message_buffer.hpp - A message being written ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The gsp_buf of the ABI. Besides the bytes it carries SIPp's rendering state:
// the "suppress" flag (a keyword that rendered nothing at the start of a line
// eats the leading white space of the next literal, so its line disappears),
// and where [len] and [authentication] must be filled in once the whole
// message is known. Its first fields are the ABI's gsp_buf_head, which
// compiled code appends literal text to.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/message_bytes.hpp"
#include "gossipper/abi.h"

#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

struct gsp_buf {
  gossipper::runtime::MessageBytes data;
  bool suppress = false;
  size_t len_marker = std::string::npos;
  int32_t len_offset = 0;
  size_t auth_marker = std::string::npos;
  std::array<uint32_t, 5> auth_templates{};
  /// An [authentication ...] that an injected field wrote (SIPp expands it):
  /// its text, which auth_marker points at and the credentials replace.
  std::string auth_keyword;

  void reset() {
    data.clear();
    suppress = false;
    len_marker = std::string::npos;
    len_offset = 0;
    auth_marker = std::string::npos;
    auth_keyword.clear();
  }
  /// After a keyword: SIPp suppresses when the output so far ends a line.
  void note_keyword_end() { suppress = !data.empty() && data.back() == '\n'; }
};

// Compiled code reads and writes these through gsp_buf_head.
static_assert(std::is_standard_layout_v<gsp_buf>);
static_assert(sizeof(gossipper::runtime::MessageBytes) == 3 * sizeof(size_t));
static_assert(offsetof(gsp_buf, data) == offsetof(gsp_buf_head, data));
static_assert(offsetof(gsp_buf, suppress) == offsetof(gsp_buf_head, suppress));
static_assert(sizeof(bool) == sizeof(uint8_t));

namespace gossipper::runtime {
using MessageBuffer = ::gsp_buf;

/// Literal bytes, honouring the suppress flag. Inline: it is most of what
/// rendering a template does.
inline void append_literal(MessageBuffer &b, const char *data, size_t size) {
  if (b.suppress) {
    while (size > 0 && std::isspace(static_cast<unsigned char>(*data)) != 0) {
      ++data;
      --size;
    }
    b.suppress = false;
  }
  b.data.append(data, size);
}
/// Writes the body length into the [len] placeholder, as SIPp: "%5u" of the
/// bytes after the first blank line plus the offset, "    0" when none.
void fill_len(MessageBuffer &b);
} // namespace gossipper::runtime
