//===- static_content_length.cpp - [len] known before the call ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The rules follow the runtime's rendering (message_buffer.hpp): keywords
// append as they are, a literal after a keyword that rendered nothing at the
// start of a line loses its leading white space, and fill_len measures the
// bytes after the first blank line. Only what provably renders the same for
// every call counts as known; anything else leaves [len] to the runtime.
//
//===----------------------------------------------------------------------===//
#include "static_content_length.hpp"

#include <cctype>
#include <cstdio>

namespace gossipper::compiler {

namespace {

/// Keywords whose text can hold line ends, or be empty at the start of a
/// line (then SIPp's suppression eats what follows): the blank line's place
/// is not known before they render.
bool may_break_lines(ir::Keyword k) { return k == ir::Keyword::Routes; }

bool starts_with_space_before(const std::string &text, size_t at) {
  for (size_t i = 0; i < at; ++i) {
    if (std::isspace(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<std::string> static_content_length(const ir::Template &t,
                                                 const ConstantText &constant) {
  int lens = 0;
  int32_t offset = 0;
  bool in_body = false;
  bool after_literal = false; ///< no suppression can follow the previous segment
  std::string tail;           ///< the last bytes of the literal run so far
  std::string body;
  for (const ir::Segment &seg : t.segments) {
    using K = ir::Segment::Kind;
    if (in_body) {
      const std::string *c = seg.kind == K::Keyword ? constant(seg) : nullptr;
      if (seg.kind == K::Literal) {
        body += seg.text;
      } else if (c != nullptr && !c->empty() && c->back() != '\n') {
        body += *c;
      } else {
        return std::nullopt; // a body that changes from call to call
      }
      continue;
    }
    if (seg.kind == K::Literal) {
      std::string probe = tail + seg.text;
      size_t blank = probe.find("\r\n\r\n");
      if (blank != std::string::npos) {
        // After a keyword, the leading white space of this literal may be
        // suppressed: the blank line must not lie in it.
        if (!after_literal && starts_with_space_before(seg.text, blank + 4)) {
          return std::nullopt;
        }
        in_body = true;
        body = probe.substr(blank + 4);
        continue;
      }
      tail = probe.size() > 3 ? probe.substr(probe.size() - 3) : probe;
      after_literal = true;
      continue;
    }
    if (seg.kind != K::Keyword || may_break_lines(seg.keyword)) {
      return std::nullopt; // variables, headers, fields, files: any text
    }
    tail.clear();
    after_literal = false;
    if (seg.keyword == ir::Keyword::Len) {
      ++lens;
      offset = seg.offset;
      after_literal = true; // five characters, never empty: nothing is suppressed after it
    }
  }
  if (!in_body || lens != 1) {
    return std::nullopt;
  }
  // fill_len: "%5u" of the body's bytes plus the offset; 0 with no body, or
  // one past its limit.
  long long length = 0;
  if (!body.empty() && body.size() < 100000) {
    length = static_cast<long long>(body.size()) + offset;
  }
  char digits[16];
  std::snprintf(digits, sizeof digits, "%5u", static_cast<unsigned>(length));
  return std::string(digits);
}

} // namespace gossipper::compiler
