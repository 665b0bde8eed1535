//===- header_lookup.cpp - SIPp's way of reading a stored message ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/header_lookup.hpp"

#include "sip/header_names.hpp"
#include "sip/sip_message.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <span>
#include <strings.h>

namespace gossipper::runtime {
namespace {

/// The compact form SIPp's get_header tries when `name` ("Call-ID:", any
/// case) is absent: "i:"; empty when SIPp knows none.
std::string_view compact_name(std::string_view name) {
  for (const CompactForm &f : kCompactForms) {
    if (f.sipp && name.size() == f.name.size() + 1 && name.back() == ':' &&
        strncasecmp(name.data(), f.name.data(), f.name.size()) == 0) {
      return f.with_colon;
    }
  }
  return {};
}

void erase_all(std::string &s, std::string_view pattern, size_t keep_from_second) {
  // Repeatedly removes one character of every occurrence of `pattern`, the
  // way SIPp's memmove loops collapse "\r\r" and "\n\n".
  size_t pos = 0;
  while ((pos = s.find(pattern, pos)) != std::string::npos) {
    s.erase(pos + keep_from_second, 1);
  }
}

} // namespace

namespace {

/// Walks the header block of `message`: `on_line(nl)` for the newline that
/// starts each line after the first, up to the blank line (every CRLFCRLF
/// has its first LF at a newline, so the first one is found). Returns where
/// the headers end: the blank line, or the end of a message without one.
template <class OnLine> size_t walk_header_lines(std::string_view message, OnLine &&on_line) {
  const char *data = message.data();
  size_t size = message.size();
  size_t pos = 0;
  while (pos < size) {
    const void *found = std::memchr(data + pos, '\n', size - pos);
    if (found == nullptr) {
      break;
    }
    pos = static_cast<size_t>(static_cast<const char *>(found) - data);
    if (pos >= 1 && data[pos - 1] == '\r' && pos + 2 < size && data[pos + 1] == '\r' &&
        data[pos + 2] == '\n') {
      return pos - 1;
    }
    on_line(static_cast<uint32_t>(pos));
    ++pos;
  }
  return size;
}

} // namespace

void HeaderLines::build(std::string_view message) {
  newlines.clear();
  headers_end = walk_header_lines(message, [&](uint32_t nl) { newlines.push_back(nl); });
}

std::string sipp_get_header(std::string_view message, std::string_view name, bool content) {
  HeaderLines lines;
  lines.build(message);
  return sipp_get_header(message, lines, name, content);
}

namespace {

/// A byte folded for a first, cheap comparison: equal for two letters
/// that differ only in case (and for a few non-letter pairs, which the full
/// comparison then tells apart).
[[gnu::always_inline]] inline unsigned fold(char c) {
  return static_cast<unsigned char>(c) | 0x20U;
}

/// Whether the line after newline `nl` starts with `name`, ignoring case
/// (SIPp's strcasestr of "\n" + name over the header block). The first byte
/// decides for almost every line.
[[gnu::always_inline]] inline bool line_starts_with(std::string_view headers, uint32_t nl,
                                                    std::string_view name) {
  return headers.size() - nl - 1 >= name.size() && fold(headers[nl + 1]) == fold(name[0]) &&
         strncasecmp(headers.data() + nl + 1, name.data(), name.size()) == 0;
}

/// Where headers start: the newline before each line, in message order.
/// Inline for the usual few, so a lookup allocates nothing of its own.
using LineStarts = boost::container::small_vector<uint32_t, 8>;

/// SIPp's get_header result, into `out`, from the lines that carry a header
/// of a `name_size`-byte name: the first whole (its name kept unless
/// `content`), the others by value, joined with ", ", then cleaned. False
/// when every piece was empty: SIPp then tries the compact form.
bool assemble_header(std::string_view headers, size_t name_size, std::span<const uint32_t> starts,
                     bool content, std::string &out) {
  out.clear();
  if (starts.size() == 1) {
    // The usual case, one plain line: trimmed as a view, copied once.
    size_t value = starts[0] + 1 + (content ? name_size : 0);
    while (content && value < headers.size() && headers[value] == ' ') {
      ++value;
    }
    size_t nl = headers.find('\n', value);
    bool folded = nl != std::string_view::npos && nl + 1 < headers.size() &&
                  (headers[nl + 1] == ' ' || headers[nl + 1] == '\t');
    std::string_view piece =
        headers.substr(value, nl == std::string_view::npos ? std::string_view::npos : nl - value);
    std::string_view v = piece;
    while (!v.empty() && (v.back() == ' ' || v.back() == '\r' || v.back() == '\t')) {
      v.remove_suffix(1);
    }
    while (!v.empty() && v.front() == ' ') {
      v.remove_prefix(1);
    }
    if (!folded && std::memchr(v.data(), '\r', v.size()) == nullptr) {
      out.assign(v);
      return !piece.empty();
    }
  }
  bool first_time = true;
  for (uint32_t src : starts) {
    size_t value = src + 1; // just past the newline
    if (content || !first_time) {
      value = src + 1 + name_size;
      while (value < headers.size() && headers[value] == ' ') {
        ++value;
      }
    }
    first_time = false;
    // The line, with its folded continuation lines.
    size_t nl = headers.find('\n', value);
    while (nl != std::string_view::npos && nl + 1 < headers.size() &&
           (headers[nl + 1] == ' ' || headers[nl + 1] == '\t')) {
      nl = headers.find('\n', nl + 1);
    }
    std::string_view piece =
        headers.substr(value, nl == std::string_view::npos ? std::string_view::npos : nl - value);
    if (!out.empty()) {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\r' || out.back() == '\n' ||
                              out.back() == '\t')) {
        out.pop_back();
      }
      out += ", ";
    }
    out += piece;
  }
  if (out.empty()) {
    return false;
  }
  // Trailing blanks and CRs, then leading spaces.
  while (!out.empty() && (out.back() == ' ' || out.back() == '\r' || out.back() == '\t')) {
    out.pop_back();
  }
  size_t start = out.find_first_not_of(' ');
  out.erase(0, start == std::string::npos ? out.size() : start);
  // One line is the usual case. (A loop: find_first_of searches its set once
  // per character.)
  if (std::none_of(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; })) {
    return true;
  }
  // A CR of a folded line goes; CRs between joined headers stay.
  size_t pos = 0;
  while ((pos = out.find("\r\n", pos)) != std::string::npos) {
    if (pos + 2 < out.size() &&
        (out[pos + 2] == ' ' || out[pos + 2] == '\r' || out[pos + 2] == '\t')) {
      out.erase(pos, 1);
    } else {
      pos += 2;
    }
  }
  erase_all(out, "\r\r", 1);
  erase_all(out, "\n\n", 1);
  return true;
}

} // namespace

std::string sipp_get_header(std::string_view message, const HeaderLines &lines,
                            std::string_view name, bool content) {
  std::string out;
  if (message.empty() || name.find(':') == std::string_view::npos) {
    return out;
  }
  std::string_view headers = message.substr(0, lines.headers_end);
  // The compact form only when the long one is absent, as SIPp.
  LineStarts starts;
  for (std::string_view want : {name, compact_name(name)}) {
    if (want.empty()) {
      break;
    }
    starts.clear();
    for (uint32_t nl : lines.newlines) {
      if (line_starts_with(headers, nl, want)) {
        starts.push_back(nl);
      }
    }
    if (assemble_header(headers, want.size(), starts, content, out)) {
      return out;
    }
  }
  out.clear();
  return out;
}

void sipp_get_headers(std::string_view message, const std::vector<std::string> &names,
                      std::vector<std::string> &values) {
  values.resize(names.size());
  constexpr size_t kInline = 16;
  if (names.size() > kInline) {
    for (size_t i = 0; i < names.size(); ++i) {
      values[i] = sipp_get_header(message, names[i], false);
    }
    return;
  }
  // One walk over the header lines notes the line of each name, deciding
  // on the first byte. A name holds no CR or LF, so a match never runs past
  // the blank line that ends the headers.
  std::array<unsigned, kInline> first{};
  std::array<uint32_t, kInline> line{};
  std::array<uint8_t, kInline> count{};
  for (size_t i = 0; i < names.size(); ++i) {
    first[i] = names[i].empty() ? 0U : fold(names[i][0]);
  }
  size_t headers_end = walk_header_lines(message, [&](uint32_t nl) {
    if (nl + 1 >= message.size()) {
      return;
    }
    unsigned c = fold(message[nl + 1]);
    for (size_t i = 0; i < names.size(); ++i) {
      if (c == first[i] && line_starts_with(message, nl, names[i])) {
        line[i] = nl;
        count[i] = count[i] == 0 ? 1 : 2;
      }
    }
  });
  std::string_view headers = message.substr(0, headers_end);
  // A header met once is the usual case. Repeated headers (joined) and
  // absent ones (the compact form is looked for) take a lookup of their own.
  for (size_t i = 0; i < names.size(); ++i) {
    if (count[i] != 1 ||
        !assemble_header(headers, names[i].size(), {&line[i], 1}, false, values[i])) {
      values[i] = sipp_get_header(message, names[i], false);
    }
  }
}

HeaderSpellings::HeaderSpellings(std::vector<std::string> spellings) {
  std::erase_if(spellings, [](const std::string &name) { return name.empty(); });
  std::stable_sort(
      spellings.begin(), spellings.end(),
      [](const std::string &a, const std::string &b) { return fold(a[0]) < fold(b[0]); });
  names_ = std::move(spellings);
  for (size_t i = 0; i < names_.size() && i < UINT16_MAX; ++i) {
    auto &range = first_[fold(names_[i][0])];
    if (range.first == range.second) {
      range.first = static_cast<uint16_t>(i);
    }
    range.second = static_cast<uint16_t>(i + 1);
  }
}

bool HeaderSpellings::starts_line(std::string_view text, size_t line) const {
  if (line >= text.size()) {
    return false;
  }
  auto [begin, end] = first_[fold(text[line])];
  for (uint16_t i = begin; i < end; ++i) {
    const std::string &name = names_[i];
    if (text.size() - line >= name.size() &&
        strncasecmp(text.data() + line, name.data(), name.size()) == 0) {
      return true;
    }
  }
  return false;
}

HeaderSpellings sipp_lookup_spellings(const std::vector<std::string> &names) {
  std::vector<std::string> out = names;
  for (const std::string &name : names) {
    std::string_view compact = compact_name(name);
    if (!compact.empty()) {
      out.emplace_back(compact);
    }
  }
  return HeaderSpellings(std::move(out));
}

void sipp_keep_headers(std::string_view message, const HeaderSpellings &spellings,
                       HeaderLines &lines, std::string &out) {
  lines.build(message);
  size_t end = lines.headers_end;
  if (end >= message.size() || lines.newlines.empty()) {
    out.assign(message); // no end of headers, or no header: kept whole
    return;
  }
  std::string_view headers = message.substr(0, end);
  auto wanted = [&](uint32_t nl) { return spellings.starts_line(headers, nl + 1); };
  auto folded = [&](size_t i) {
    char first = message[lines.newlines[i] + 1];
    return first == ' ' || first == '\t';
  };
  // The last header is kept whatever its name: a lookup reads the last
  // line of the header block without its CR, any other with it, and SIPp
  // tells an empty value from a lone CR.
  size_t last = lines.newlines.size() - 1;
  while (last > 0 && folded(last)) {
    --last;
  }
  out.assign(message.substr(0, lines.newlines.front() + 1)); // the start line
  bool keep = false;
  for (size_t i = 0; i < lines.newlines.size(); ++i) {
    uint32_t nl = lines.newlines[i];
    // Up to and with its newline: the next line's, or the one after the
    // last header (end is its CR).
    size_t stop = i + 1 < lines.newlines.size() ? lines.newlines[i + 1] : end + 1;
    if (stop == nl + 1 || (stop == nl + 2 && message[nl + 1] == '\r')) {
      // An empty line inside the headers (SIPp ends them at CRLFCRLF
      // only): leaving a line out could make one, so all is kept.
      out.assign(message);
      return;
    }
    if (!folded(i)) {
      keep = i >= last || wanted(nl); // a folded line goes with its header
    }
    if (keep) {
      out.append(message.substr(nl + 1, stop - nl));
    }
  }
  out.append("\r\n");
}

std::string sipp_last_request_uri(std::string_view message) {
  std::string to = sipp_get_header(message, "To:", false);
  size_t lt = to.find('<');
  if (lt == std::string::npos) {
    return {};
  }
  size_t gt = to.find('>');
  if (gt == std::string::npos || gt < lt + 1) {
    return {};
  }
  return to.substr(lt + 1, gt - lt - 1);
}

unsigned long sipp_cseq_value(std::string_view message) {
  for (std::string_view spelling : {"\r\nCSeq:", "\r\nCSEQ:", "\r\ncseq:", "\r\nCseq:"}) {
    size_t pos = message.find(spelling);
    if (pos == std::string_view::npos) {
      continue;
    }
    pos += spelling.size();
    while (pos < message.size() && (message[pos] == ' ' || message[pos] == '\t')) {
      ++pos;
    }
    std::string digits;
    while (pos < message.size() && std::isdigit(static_cast<unsigned char>(message[pos]))) {
      digits += message[pos++];
    }
    return std::strtoul(digits.c_str(), nullptr, 10);
  }
  return 0;
}

} // namespace gossipper::runtime
