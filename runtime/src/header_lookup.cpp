//===- header_lookup.cpp - SIPp's way of reading a stored message ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/header_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <strings.h>

namespace gossipper::runtime {
namespace {

std::string_view compact_name(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> forms[] = {
      {"call-id:", "i:"}, {"contact:", "m:"}, {"content-encoding:", "e:"},
      {"content-length:", "l:"}, {"content-type:", "c:"}, {"from:", "f:"},
      {"to:", "t:"}, {"via:", "v:"}};
  for (const auto &[full, compact] : forms) {
    if (name.size() == full.size() && strncasecmp(name.data(), full.data(), full.size()) == 0) {
      return compact;
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

void HeaderLines::build(std::string_view message) {
  newlines.clear();
  headers_end = message.size();
  size_t pos = 0;
  while (pos < message.size()) {
    const void *nl = std::memchr(message.data() + pos, '\n', message.size() - pos);
    if (nl == nullptr) {
      break;
    }
    pos = static_cast<size_t>(static_cast<const char *>(nl) - message.data());
    // Every CRLFCRLF has its first LF here, so the first one is found.
    if (pos >= 1 && message[pos - 1] == '\r' && pos + 2 < message.size() &&
        message[pos + 1] == '\r' && message[pos + 2] == '\n') {
      headers_end = pos - 1;
      break;
    }
    newlines.push_back(static_cast<uint32_t>(pos));
    ++pos;
  }
}

const HeaderLines &HeaderLinesCache::lines_for(std::string_view message) {
  if (!valid_ || message.size() != message_.size() ||
      std::memcmp(message.data(), message_.data(), message.size()) != 0) {
    message_.assign(message);
    lines_.build(message);
    valid_ = true;
  }
  return lines_;
}

std::string sipp_get_header(std::string_view message, std::string_view name, bool content) {
  HeaderLines lines;
  lines.build(message);
  return sipp_get_header(message, lines, name, content);
}

std::string sipp_get_header(std::string_view message, const HeaderLines &lines,
                            std::string_view name, bool content) {
  if (message.empty() || name.find(':') == std::string_view::npos) {
    return {};
  }
  std::string_view headers = message.substr(0, lines.headers_end);
  // "\n" + name, case-insensitively, at or after `from` (SIPp's strcasestr
  // over the header block): the first byte decides for almost every line.
  auto find_line = [&](std::string_view want, size_t from) {
    auto first = static_cast<unsigned>(static_cast<unsigned char>(want[0]) | 0x20U);
    for (uint32_t nl : lines.newlines) {
      if (nl < from) {
        continue;
      }
      if (headers.size() - nl - 1 >= want.size() &&
          (static_cast<unsigned char>(headers[nl + 1]) | 0x20U) == first &&
          strncasecmp(headers.data() + nl + 1, want.data(), want.size()) == 0) {
        return static_cast<size_t>(nl);
      }
    }
    return std::string_view::npos;
  };

  std::string out;
  bool first_time = true;
  bool short_form = false;
  while (true) {
    size_t src = 0;
    while ((src = find_line(name, src)) != std::string_view::npos) {
      size_t value = src + 1; // just past the newline
      if (content || !first_time) {
        value = src + 1 + name.size();
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
      std::string_view piece = headers.substr(value, nl == std::string_view::npos
                                                         ? std::string_view::npos
                                                         : nl - value);
      if (!out.empty()) {
        while (!out.empty() && (out.back() == ' ' || out.back() == '\r' || out.back() == '\n' ||
                                out.back() == '\t')) {
          out.pop_back();
        }
        out += ", ";
      }
      out += piece;
      src = value; // SIPp continues one past where this header started
    }
    if (!out.empty() || short_form) {
      break;
    }
    short_form = true;
    std::string_view compact = compact_name(name);
    if (compact.empty()) {
      return {};
    }
    name = compact;
  }
  if (out.empty()) {
    return {};
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
    return out;
  }
  // A CR of a folded line goes; CRs between joined headers stay.
  size_t pos = 0;
  while ((pos = out.find("\r\n", pos)) != std::string::npos) {
    if (pos + 2 < out.size() && (out[pos + 2] == ' ' || out[pos + 2] == '\r' || out[pos + 2] == '\t')) {
      out.erase(pos, 1);
    } else {
      pos += 2;
    }
  }
  erase_all(out, "\r\r", 1);
  erase_all(out, "\n\n", 1);
  return out;
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

std::string sipp_peer_tag(std::string_view message) {
  std::string to = sipp_get_header(message, "To:", true);
  if (to.empty()) {
    return {};
  }
  size_t from = to.find('>');
  from = from == std::string::npos ? 0 : from;
  // ;tag= (case-insensitive), as a parameter.
  for (size_t i = from; i + 4 <= to.size(); ++i) {
    if (strncasecmp(to.data() + i, "tag", 3) == 0 && (i == 0 || to[i - 1] == ';' || to[i - 1] == ' ')) {
      size_t j = i + 3;
      while (j < to.size() && (to[j] == ' ' || to[j] == '\t')) {
        ++j;
      }
      if (j >= to.size() || to[j] != '=') {
        continue;
      }
      ++j;
      while (j < to.size() && (to[j] == ' ' || to[j] == '\t')) {
        ++j;
      }
      size_t e = j;
      while (e < to.size() && to[e] != ' ' && to[e] != ';' && to[e] != '\t' && to[e] != '\r' &&
             to[e] != '\n') {
        ++e;
      }
      return to.substr(j, e - j);
    }
  }
  return {};
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

std::string_view sipp_cseq_method(std::string_view message) {
  size_t pos = message.find("CSeq");
  if (pos == std::string_view::npos) {
    return {};
  }
  pos = message.find(':', pos);
  if (pos == std::string_view::npos) {
    return {};
  }
  ++pos;
  while (pos < message.size() && message[pos] == ' ') {
    ++pos;
  }
  while (pos < message.size() && std::isdigit(static_cast<unsigned char>(message[pos]))) {
    ++pos;
  }
  while (pos < message.size() && message[pos] == ' ') {
    ++pos;
  }
  size_t end = message.find_first_of("\r\n", pos);
  return message.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
}

} // namespace gossipper::runtime
