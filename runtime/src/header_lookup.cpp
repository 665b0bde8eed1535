//===- header_lookup.cpp - SIPp's way of reading a stored message ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/header_lookup.hpp"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <strings.h>

namespace gossipper::runtime {
namespace {

/// Finds "\n" + name, case-insensitively: scans newlines (memchr) and
/// compares the name after each, so the cost is linear in the message.
size_t find_line_nocase(std::string_view hay, std::string_view needle, size_t from) {
  std::string_view name = needle.substr(1);
  size_t pos = from;
  while (pos < hay.size()) {
    const void *nl = std::memchr(hay.data() + pos, '\n', hay.size() - pos);
    if (nl == nullptr) {
      return std::string_view::npos;
    }
    pos = static_cast<size_t>(static_cast<const char *>(nl) - hay.data());
    if (hay.size() - pos - 1 >= name.size() &&
        strncasecmp(hay.data() + pos + 1, name.data(), name.size()) == 0) {
      return pos;
    }
    ++pos;
  }
  return std::string_view::npos;
}

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

std::string sipp_get_header(std::string_view message, std::string_view name, bool content) {
  if (message.empty() || name.find(':') == std::string_view::npos) {
    return {};
  }
  size_t end = message.find("\r\n\r\n");
  std::string_view headers = end == std::string_view::npos ? message : message.substr(0, end);

  std::string out;
  bool first_time = true;
  bool short_form = false;
  while (true) {
    std::string needle = "\n" + std::string(name);
    size_t src = 0;
    while ((src = find_line_nocase(headers, needle, src)) != std::string_view::npos) {
      size_t value = src + 1; // just past the newline
      if (content || !first_time) {
        value = src + needle.size();
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
