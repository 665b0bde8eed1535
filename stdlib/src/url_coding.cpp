//===- url_coding.cpp - Percent-encoding for urlencode/urldecode ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/url_coding.hpp"
#include "gossipper/stdlib/hex_digit.hpp"

#include <cctype>

namespace gossipper::stdlib {

std::string url_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3);
  for (unsigned char c : in) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string url_decode(std::string_view in) {
  auto value = hex_digit_value;
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() + 0 && value(in[i + 1]) >= 0 &&
               value(in[i + 2]) >= 0) {
      out += static_cast<char>(value(in[i + 1]) * 16 + value(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

} // namespace gossipper::stdlib
