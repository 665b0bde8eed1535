//===- cdata_cleaning.cpp - SIPp's message clean-up -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/cdata_cleaning.hpp"

#include <algorithm>

namespace gossipper::compiler {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/// Removes every `drop` character that directly follows (or, with `before`,
/// directly precedes) a newline. SIPp runs four such passes in a fixed order
/// (spaces after, spaces before, tabs after, tabs before), and a mix of tabs
/// and spaces keeps whatever the order leaves; so must we.
MappedText strip_around_newlines(const MappedText &in, char drop, bool before) {
  MappedText out;
  out.end_origin = in.end_origin;
  out.text.reserve(in.text.size());
  out.origin.reserve(in.text.size());
  const std::string &t = in.text;
  if (!before) {
    bool after_newline = false;
    for (size_t i = 0; i < t.size(); ++i) {
      if (after_newline && t[i] == drop) {
        continue;
      }
      after_newline = t[i] == '\n';
      out.push(t[i], in.origin[i]);
    }
    return out;
  }
  // Walk backwards so runs of `drop` before a newline are skipped in one go.
  std::vector<bool> keep(t.size(), true);
  bool before_newline = false;
  for (size_t i = t.size(); i-- > 0;) {
    if (before_newline && t[i] == drop) {
      keep[i] = false;
      continue;
    }
    before_newline = t[i] == '\n';
  }
  for (size_t i = 0; i < t.size(); ++i) {
    if (keep[i]) {
      out.push(t[i], in.origin[i]);
    }
  }
  return out;
}

} // namespace

std::optional<MappedText> clean_cdata(const SourceBuffer &src, size_t begin, size_t end,
                                      bool latin1, CdataUse use, size_t element_offset,
                                      ir::DiagnosticEngine &diags) {
  const std::string &bytes = src.bytes();
  MappedText raw;
  raw.end_origin = static_cast<uint32_t>(end);
  raw.text.reserve(end - begin);
  raw.origin.reserve(end - begin);
  // Line ends as XML parsers normalise them: CRLF and lone CR become LF. A
  // Latin-1 file's bytes become UTF-8, as SIPp's XML parser converts them.
  for (size_t i = begin; i < end; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    auto at = static_cast<uint32_t>(i);
    if (c == '\r') {
      raw.push('\n', at);
      if (i + 1 < end && bytes[i + 1] == '\n') {
        ++i;
      }
    } else if (latin1 && c >= 0x80) {
      raw.push(static_cast<char>(0xC0 | (c >> 6)), at);
      raw.push(static_cast<char>(0x80 | (c & 0x3F)), at);
    } else {
      raw.push(static_cast<char>(c), at);
    }
  }

  // Trim the block, counting the newlines removed at its end.
  size_t first = 0;
  while (first < raw.text.size() && is_blank(raw.text[first])) {
    ++first;
  }
  size_t last = raw.text.size();
  int removed_newlines = 0;
  while (last > first && is_blank(raw.text[last - 1])) {
    removed_newlines += raw.text[last - 1] == '\n' ? 1 : 0;
    --last;
  }
  if (last - first <= 1) {
    diags.error(src.loc(element_offset), "the message is empty");
    return std::nullopt;
  }
  MappedText text;
  text.end_origin = raw.origin[last - 1] + 1;
  text.text = raw.text.substr(first, last - first);
  text.origin.assign(raw.origin.begin() + static_cast<std::ptrdiff_t>(first),
                     raw.origin.begin() + static_cast<std::ptrdiff_t>(last));

  text = strip_around_newlines(text, ' ', false);
  text = strip_around_newlines(text, ' ', true);
  text = strip_around_newlines(text, '\t', false);
  text = strip_around_newlines(text, '\t', true);

  // A blank line must end the headers; a message with a body keeps one
  // trailing newline if the block had one.
  if (text.text.find("\n\n") == std::string::npos) {
    text.push('\n', text.end_origin);
    text.push('\n', text.end_origin);
  } else if (use == CdataUse::Send && text.text.back() != '\n' && removed_newlines > 0) {
    text.push('\n', text.end_origin);
  }
  return text;
}

MappedText attribute_text(const std::string &value, size_t value_offset, size_t raw_length) {
  MappedText t;
  t.text = value;
  t.origin.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    // Entities make the decoded value shorter than the raw one; clamp so a
    // position never points past the closing quote.
    t.origin.push_back(static_cast<uint32_t>(value_offset + std::min(i, raw_length)));
  }
  t.end_origin = static_cast<uint32_t>(value_offset + raw_length);
  return t;
}

} // namespace gossipper::compiler
