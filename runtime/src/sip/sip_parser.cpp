//===- sip_parser.cpp - A parsed SIP message, zero copy -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/sip_message.hpp"

#include "sip/header_names.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

// The parser runs for every message received: its small helpers are
// inlined by force, as GCC at -O2 keeps them out of line.
#define GSP_ALWAYS_INLINE __attribute__((always_inline))
#define GSP_INLINE inline GSP_ALWAYS_INLINE

namespace gossipper::runtime {
namespace {

GSP_INLINE bool is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

GSP_INLINE std::string_view trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && is_lws(s[b])) {
    ++b;
  }
  while (e > b && is_lws(s[e - 1])) {
    --e;
  }
  return s.substr(b, e - b);
}

GSP_INLINE char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

GSP_INLINE bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

/// A compact name's long form (header_names.hpp); any other name as it is.
GSP_INLINE std::string_view long_form(std::string_view name) {
  if (name.size() != 1) {
    return name;
  }
  char c = lower(name[0]);
  if (c < 'a' || c > 'z') {
    return name;
  }
  std::string_view full = kLongFormByLetter[static_cast<size_t>(c - 'a')];
  return full.empty() ? name : full;
}

/// One line ending at CRLF or LF; `next` is where the following line starts.
GSP_INLINE std::string_view next_line(std::string_view s, size_t pos, size_t &next) {
  size_t nl = s.find('\n', pos);
  if (nl == std::string_view::npos) {
    next = s.size();
    return s.substr(pos);
  }
  next = nl + 1;
  size_t end = nl > pos && s[nl - 1] == '\r' ? nl - 1 : nl;
  return s.substr(pos, end - pos);
}

GSP_INLINE bool parse_uint(std::string_view s, uint64_t &out) {
  if (s.empty() || s.size() > 10) {
    return false;
  }
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

} // namespace

const char *sip_parse_error_text(SipParseError e) {
  switch (e) {
  case SipParseError::None: return "no error";
  case SipParseError::Empty: return "empty message";
  case SipParseError::BadStartLine: return "malformed start line";
  case SipParseError::BadStatusCode: return "malformed status code";
  case SipParseError::BadHeader: return "malformed header line";
  case SipParseError::NoEndOfHeaders: return "truncated message: no blank line after the headers";
  case SipParseError::BadContentLength: return "malformed Content-Length";
  case SipParseError::BodyTooShort: return "Content-Length is larger than the body";
  case SipParseError::TooManyHeaders: return "too many headers";
  }
  return "unknown error";
}

namespace {

std::string_view comparable_name(std::string_view name) {
  if (!name.empty() && name.back() == ':') {
    name.remove_suffix(1);
  }
  return long_form(trim(name));
}

} // namespace

bool same_header_name(std::string_view a, std::string_view b) {
  return iequals(comparable_name(a), comparable_name(b));
}

HeaderNameMatch::HeaderNameMatch(std::string_view name) : long_(comparable_name(name)) {
  first_ = long_.empty() ? '\0' : lower(long_[0]);
}

bool HeaderNameMatch::matches(std::string_view parsed) const {
  std::string_view name = long_form(parsed);
  return name.size() == long_.size() && !name.empty() && lower(name[0]) == first_ &&
         iequals(name, long_);
}

std::optional<std::string_view> find_header_value(std::string_view head, std::string_view name) {
  HeaderNameMatch want(name);
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view line =
        head.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? head.size() : nl + 1;
    if (line.empty() || line[0] == ' ' || line[0] == '\t') {
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !want.matches(trim(line.substr(0, colon)))) {
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    size_t b = value.find_first_not_of(" \t\r");
    size_t e = value.find_last_not_of(" \t\r");
    // An empty value still points into its line (where a fold follows it).
    return b == std::string_view::npos ? value.substr(value.size()) : value.substr(b, e - b + 1);
  }
  return std::nullopt;
}

std::optional<std::string> find_unfolded_header_value(std::string_view head,
                                                      std::string_view name) {
  std::optional<std::string_view> first = find_header_value(head, name);
  if (!first) {
    return std::nullopt;
  }
  std::string value(*first);
  size_t pos = head.find('\n', static_cast<size_t>(first->data() + first->size() - head.data()));
  while (pos != std::string_view::npos && pos + 1 < head.size() &&
         (head[pos + 1] == ' ' || head[pos + 1] == '\t')) {
    size_t nl = head.find('\n', pos + 1);
    std::string_view more =
        trim(head.substr(pos + 1, nl == std::string_view::npos ? nl : nl - pos - 1));
    if (!more.empty()) {
      if (!value.empty()) {
        value += ' ';
      }
      value += more;
    }
    pos = nl;
  }
  return value;
}

std::string_view header_param(std::string_view value, std::string_view name) {
  // Parameters of the header follow the URI; inside <...> they belong to it.
  size_t pos = 0;
  size_t close = value.find('>');
  if (value.find('<') != std::string_view::npos && close != std::string_view::npos) {
    pos = close + 1;
  }
  while (true) {
    size_t semi = value.find(';', pos);
    if (semi == std::string_view::npos) {
      return {};
    }
    size_t end = semi + 1;
    while (end < value.size() && value[end] != ';' && value[end] != ',') {
      ++end;
    }
    if (end == value.size()) {
      end = std::string_view::npos;
    }
    std::string_view param = value.substr(
        semi + 1, end == std::string_view::npos ? std::string_view::npos : end - semi - 1);
    size_t eq = param.find('=');
    if (iequals(trim(param.substr(0, eq)), name)) {
      return eq == std::string_view::npos ? std::string_view{} : trim(param.substr(eq + 1));
    }
    if (end == std::string_view::npos) {
      return {};
    }
    pos = end;
  }
}

const SipHeader *SipMessage::find(std::string_view name) const {
  HeaderNameMatch want(name);
  for (size_t i = 0; i < count_; ++i) {
    const SipHeader &h = header(i);
    if (want.matches(h.name)) {
      return &h;
    }
  }
  return nullptr;
}

std::string_view SipMessage::to_tag() const {
  const SipHeader *h = find("To");
  return h != nullptr ? header_param(h->value, "tag") : std::string_view{};
}

std::string_view SipMessage::from_tag() const {
  const SipHeader *h = find("From");
  return h != nullptr ? header_param(h->value, "tag") : std::string_view{};
}

GSP_INLINE void SipMessage::add_header(const SipHeader &h) {
  if (count_ < kInlineHeaders) {
    inline_[count_] = h;
  } else {
    more_.push_back(h);
  }
  ++count_;
}

/// The steps of parse_sip_message, inlined into it by force (it runs for
/// every message received); a friend of SipMessage.
struct SipParse {
  static GSP_INLINE void reset(SipMessage &out) {
    out.count_ = 0;
    out.more_.clear();
    out.call_id_ = {};
    out.cseq_method_ = {};
    out.cseq_number_ = 0;
    out.status_ = 0;
    out.method_ = out.request_uri_ = out.reason_ = out.body_ = {};
  }

  static GSP_INLINE SipParseError start_line(std::string_view start, SipMessage &out) {
    out.start_line_ = start;
    size_t sp1 = start.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0) {
      return SipParseError::BadStartLine;
    }
    if (start.starts_with("SIP/")) {
      out.is_request_ = false;
      std::string_view rest = start.substr(sp1 + 1);
      size_t sp2 = rest.find(' ');
      std::string_view code = rest.substr(0, sp2);
      uint64_t status = 0;
      if (code.size() != 3 || !parse_uint(code, status) || status < 100) {
        return SipParseError::BadStatusCode;
      }
      out.status_ = static_cast<int>(status);
      out.reason_ = sp2 == std::string_view::npos ? std::string_view{} : rest.substr(sp2 + 1);
      return SipParseError::None;
    }
    out.is_request_ = true;
    size_t sp2 = start.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 == sp1 + 1 || sp2 + 1 >= start.size()) {
      return SipParseError::BadStartLine;
    }
    out.method_ = start.substr(0, sp1);
    out.request_uri_ = start.substr(sp1 + 1, sp2 - sp1 - 1);
    if (!start.substr(sp2 + 1).starts_with("SIP/")) {
      return SipParseError::BadStartLine;
    }
    return SipParseError::None;
  }

  /// A header complete (its folded lines joined): kept, and Call-ID, CSeq
  /// and Content-Length read.
  static GSP_INLINE SipParseError finish_header(SipHeader h, SipMessage &out,
                                                std::optional<size_t> &content_length) {
    if (out.count_ >= SipMessage::kMaxHeaders) {
      return SipParseError::TooManyHeaders;
    }
    h.value = trim(h.value);
    out.add_header(h);
    std::string_view name = long_form(h.name);
    char first = lower(name[0]);
    if (first != 'c') {
      return SipParseError::None; // Call-ID, CSeq and Content-Length all start so
    }
    // By length first: Contact and Content-Type, met as often, are neither.
    if (name.size() == 7 && out.call_id_.empty() && iequals(name, "Call-ID")) {
      out.call_id_ = h.value;
    } else if (name.size() == 4 && out.cseq_method_.empty() && iequals(name, "CSeq")) {
      size_t sp = h.value.find_first_of(" \t\r\n");
      uint64_t n = 0;
      if (sp != std::string_view::npos && parse_uint(h.value.substr(0, sp), n)) {
        out.cseq_number_ = static_cast<uint32_t>(n);
        out.cseq_method_ = trim(h.value.substr(sp + 1));
      }
    } else if (name.size() == 14 && !content_length && iequals(name, "Content-Length")) {
      uint64_t n = 0;
      if (!parse_uint(h.value, n)) {
        return SipParseError::BadContentLength;
      }
      content_length = static_cast<size_t>(n);
    }
    return SipParseError::None;
  }

  /// A header line starting at `line_start`: its name, value and line;
  /// `next` is where the following line starts.
  static GSP_INLINE SipParseError header_line(std::string_view bytes, size_t line_start,
                                              size_t &next, SipHeader &h) {
    const char *base = bytes.data();
    const size_t size = bytes.size();
    // The line's end, then its colon; the name before it is checked for
    // white space in one cheap pass and only looked at closely when it has
    // some (white space may end a name before the colon, not split it).
    const void *nl = std::memchr(base + line_start, '\n', size - line_start);
    size_t line_end =
        nl == nullptr ? size : static_cast<size_t>(static_cast<const char *>(nl) - base);
    next = nl == nullptr ? size : line_end + 1;
    const void *colon_at = std::memchr(base + line_start, ':', line_end - line_start);
    if (colon_at == nullptr) {
      return SipParseError::BadHeader;
    }
    size_t colon = static_cast<size_t>(static_cast<const char *>(colon_at) - base);
    if (nl != nullptr && base[line_end - 1] == '\r') {
      --line_end;
    }
    size_t name_begin = line_start;
    size_t name_end = colon;
    bool blank = false;
    for (size_t k = name_begin; k < name_end; ++k) {
      blank = blank || static_cast<unsigned char>(base[k]) <= ' ';
    }
    if (blank) {
      std::string_view name = trim(bytes.substr(name_begin, name_end - name_begin));
      bool split =
          std::any_of(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; });
      if (split) {
        return SipParseError::BadHeader;
      }
      name_begin = static_cast<size_t>(name.data() - base);
      name_end = name_begin + name.size();
    }
    if (name_end == name_begin) {
      return SipParseError::BadHeader;
    }
    h = SipHeader{bytes.substr(name_begin, name_end - name_begin),
                  bytes.substr(colon + 1, line_end - colon - 1),
                  bytes.substr(line_start, line_end - line_start)};
    return SipParseError::None;
  }

  /// Headers from `next` until the blank line, which `next` ends past. A
  /// line starting with white space continues the previous header
  /// (RFC 3261 7.3.1 folding).
  static GSP_INLINE SipParseError headers(std::string_view bytes, size_t &next, SipMessage &out,
                                          std::optional<size_t> &content_length) {
    const char *base = bytes.data();
    const size_t size = bytes.size();
    SipHeader current{};
    bool have_current = false;
    while (next < size) {
      size_t line_start = next;
      char c0 = base[line_start];
      if (c0 == '\n' || (c0 == '\r' && line_start + 1 < size && base[line_start + 1] == '\n')) {
        next = line_start + (c0 == '\n' ? 1 : 2);
        return have_current ? finish_header(current, out, content_length) : SipParseError::None;
      }
      if (c0 == ' ' || c0 == '\t') {
        if (!have_current) {
          return SipParseError::BadHeader;
        }
        std::string_view line = next_line(bytes, line_start, next);
        size_t value_start = static_cast<size_t>(current.value.data() - base);
        size_t line_begin = static_cast<size_t>(current.line.data() - base);
        current.value = bytes.substr(value_start, line_start + line.size() - value_start);
        current.line = bytes.substr(line_begin, line_start + line.size() - line_begin);
        continue;
      }
      if (have_current) {
        if (SipParseError e = finish_header(current, out, content_length);
            e != SipParseError::None) {
          return e;
        }
      }
      if (SipParseError e = header_line(bytes, line_start, next, current);
          e != SipParseError::None) {
        return e;
      }
      have_current = true;
    }
    if (have_current) {
      if (SipParseError e = finish_header(current, out, content_length); e != SipParseError::None) {
        return e;
      }
    }
    return SipParseError::NoEndOfHeaders;
  }
};

SipParseError parse_sip_message(std::string_view bytes, SipMessage &out) {
  SipParse::reset(out);
  // Keep-alive CRLFs before a message are not part of it (RFC 5626).
  size_t pos = 0;
  while (pos < bytes.size() && (bytes[pos] == '\r' || bytes[pos] == '\n')) {
    ++pos;
  }
  if (pos >= bytes.size()) {
    return SipParseError::Empty;
  }
  bytes = bytes.substr(pos);
  out.raw_ = bytes;
  size_t next = 0;
  if (SipParseError e = SipParse::start_line(next_line(bytes, 0, next), out);
      e != SipParseError::None) {
    return e;
  }
  std::optional<size_t> content_length;
  if (SipParseError e = SipParse::headers(bytes, next, out, content_length);
      e != SipParseError::None) {
    return e;
  }
  std::string_view rest = bytes.substr(next);
  if (content_length) {
    if (*content_length > rest.size()) {
      return SipParseError::BodyTooShort;
    }
    out.body_ = rest.substr(0, *content_length);
    out.raw_ = bytes.substr(0, next + *content_length);
  } else {
    out.body_ = rest;
  }
  return SipParseError::None;
}

} // namespace gossipper::runtime

#undef GSP_INLINE
#undef GSP_ALWAYS_INLINE
