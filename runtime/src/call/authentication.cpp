//===- authentication.cpp - [authentication] and <verifyauth> -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/authentication.hpp"

#include "gossipper/stdlib/digest_auth.hpp"
#include "gossipper/stdlib/hex_digit.hpp"
#include "sip/header_lookup.hpp"

#include <cctype>

namespace gossipper::runtime {
namespace {

/// The first word of a message: its method.
std::string_view method_of(std::string_view message) {
  return message.substr(0, message.find_first_of(" \r\n"));
}

std::string_view body_of(std::string_view message) {
  size_t sep = message.find("\r\n\r\n");
  return sep == std::string_view::npos ? std::string_view() : message.substr(sep + 4);
}

} // namespace

std::string keyword_param(std::string_view keyword, std::string_view name) {
  size_t at = keyword.find(name);
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view v = keyword.substr(at + name.size());
  std::string out;
  if (v.starts_with("0x")) {
    v.remove_prefix(2);
    for (size_t i = 0; i + 1 < v.size() && stdlib::hex_digit_value(v[i]) >= 0 &&
                       stdlib::hex_digit_value(v[i + 1]) >= 0;
         i += 2) {
      out.push_back(static_cast<char>(stdlib::hex_digit_value(v[i]) * 16 +
                                      stdlib::hex_digit_value(v[i + 1])));
    }
    return out;
  }
  if (v.starts_with('"')) {
    v.remove_prefix(1);
    return std::string(v.substr(0, v.find('"')));
  }
  size_t end = 0;
  while (end < v.size() && v[end] != ']' && v[end] > 32 && v[end] < 127) {
    ++end;
  }
  return std::string(v.substr(0, end));
}

Expected<std::string> authorization_header(std::string_view message, std::string_view challenge,
                                           int challenge_code, uint32_t nonce_count,
                                           const DigestAnswer &answer) {
  stdlib::DigestRequest r;
  r.user = answer.user;
  r.password = answer.password;
  r.method = method_of(message);
  r.uri = answer.uri;
  r.body = body_of(message);
  r.challenge = challenge;
  r.nonce_count = nonce_count;
  r.cnonce = answer.cnonce;
  r.aka_k = answer.aka_k;
  r.aka_op = answer.aka_op;
  r.aka_amf = answer.aka_amf;
  stdlib::DigestResult d = stdlib::digest_credentials(r);
  if (!d.ok) {
    return Error{d.text};
  }
  return (challenge_code == 401 ? "Authorization: " : "Proxy-Authorization: ") + d.text;
}

bool verify_authorization(std::string_view request, const std::string &user,
                          const std::string &password) {
  // A request: its first word ends before the first line does.
  size_t space = request.find(' ');
  size_t lf = request.find('\n');
  if (space == std::string_view::npos || lf == std::string_view::npos || lf < space) {
    return false;
  }
  std::string authorization = sipp_get_header(request, "Authorization:", true);
  return stdlib::digest_verify(user, password, request.substr(0, space), authorization,
                               body_of(request));
}

} // namespace gossipper::runtime
