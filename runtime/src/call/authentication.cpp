//===- authentication.cpp - [authentication] and <verifyauth> -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// [authentication] is written after the rest of the message, as SIPp does:
// auth-int hashes the final body. The challenge is the one the last
// <recv auth="true"> stored with the call.
//
//===----------------------------------------------------------------------===//
#include "call/call_engine.hpp"
#include "sip/header_lookup.hpp"
#include "gossipper/runtime/run_constants.hpp"
#include "gossipper/stdlib/digest_auth.hpp"

#include <cctype>
#include <cstdio>

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

/// A parameter of an [authentication ...] written as text (by an injected
/// field), as SIPp's getKeywordParam reads it: "0x" hex bytes, a quoted
/// value, or the printable characters up to ']'. Empty when absent.
std::string keyword_param(std::string_view keyword, std::string_view name) {
  size_t at = keyword.find(name);
  if (at == std::string_view::npos) {
    return {};
  }
  std::string_view v = keyword.substr(at + name.size());
  std::string out;
  if (v.starts_with("0x")) {
    v.remove_prefix(2);
    auto nibble = [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0'
                                                              : std::tolower(c) - 'a' + 10;
    };
    for (size_t i = 0; i + 1 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i])) != 0 &&
                       std::isxdigit(static_cast<unsigned char>(v[i + 1])) != 0;
         i += 2) {
      out.push_back(static_cast<char>(nibble(v[i]) * 16 + nibble(v[i + 1])));
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

} // namespace

void CallEngine::fill_authentication(Call *call, MessageBuffer &out) {
  size_t at = out.auth_marker;
  out.auth_marker = std::string::npos;
  if (at > out.data.size()) {
    return;
  }
  // An injected keyword's text goes; the credentials take its place.
  out.data.erase(at, out.auth_keyword.size());
  if (call->peek().auth_challenge.empty()) {
    warn("[authentication] in call " + call->id +
         " without a challenge: no <recv response=\"401|407\" auth=\"true\"> stored one; the "
         "message is sent without credentials");
    return;
  }
  static constexpr std::string_view kParams[] = {
      "username=", "password=", "aka_K=", "aka_OP=", "aka_AMF="};
  auto sub = [&](size_t i, const std::string &fallback) {
    if (!out.auth_keyword.empty()) {
      std::string v = keyword_param(out.auth_keyword, kParams[i]);
      return v.empty() ? fallback : v;
    }
    if (out.auth_templates[i] == ir::kNoTemplate) {
      return fallback;
    }
    MessageBuffer tmp;
    render(call, out.auth_templates[i], -2, tmp);
    return tmp.data;
  };
  std::string user = sub(0, cfg_.auth_user.empty() ? cfg_.service : cfg_.auth_user);
  std::string password = sub(1, cfg_.auth_password);
  std::string uri = "sip:" + (cfg_.auth_uri.empty() ? ip_for_message(cfg_.remote_ip) + ":" +
                                                          std::to_string(cfg_.remote_port)
                                                    : cfg_.auth_uri);
  char cnonce[16];
  std::snprintf(cnonce, sizeof cnonce, "%x", static_cast<unsigned>(rng_() & 0x7fffffffU));
  stdlib::DigestRequest r;
  r.user = user;
  r.password = password;
  r.method = method_of(out.data);
  r.uri = uri;
  r.body = body_of(out.data);
  r.challenge = call->peek().auth_challenge;
  r.nonce_count = call->extras().nonce_count++;
  r.cnonce = cnonce;
  std::string aka_k = sub(2, "");
  std::string aka_op = sub(3, "");
  std::string aka_amf = sub(4, "");
  r.aka_k = aka_k;
  r.aka_op = aka_op;
  r.aka_amf = aka_amf;
  stdlib::DigestResult d = stdlib::digest_credentials(r);
  if (!d.ok) {
    warn("[authentication] in call " + call->id + ": " + d.text);
    return;
  }
  std::string header =
      (call->peek().challenge_type == 401 ? "Authorization: " : "Proxy-Authorization: ") + d.text;
  out.data.insert(at, header);
}

bool CallEngine::verify_authorization(const std::string &user, const std::string &password) {
  std::string_view msg = action_msg_; // the message whose actions run
  // A request: its first word ends before the first line does.
  size_t space = msg.find(' ');
  size_t lf = msg.find('\n');
  if (space == std::string_view::npos || lf == std::string_view::npos || lf < space) {
    return false;
  }
  std::string authorization = sipp_get_header(msg, "Authorization:", true);
  return stdlib::digest_verify(user, password, msg.substr(0, space), authorization, body_of(msg));
}

} // namespace gossipper::runtime
