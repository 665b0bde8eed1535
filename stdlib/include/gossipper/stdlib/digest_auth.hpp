//===- digest_auth.hpp - SIP digest authentication -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// [authentication] answers a 401/407 challenge the way SIPp does (its header
// layout, its parameter parsing, qop "auth" and "auth-int", nonce counts),
// and <verifyauth> checks a peer's Authorization the same way. Algorithms:
// MD5, SHA-256 and AKAv1-MD5 (RFC 3310, MILENAGE) as SIPp; beyond SIPp,
// SHA-512-256, and MD5-sess and SHA-256-sess computed as RFC 2617/7616 say
// (SIPp hashes a "-sess" challenge as the plain algorithm, which servers
// reject).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::stdlib {

/// The value of parameter `name` in a Digest header, as SIPp's
/// getAuthParameter finds it: preceded by ',' or white space, quoted or not;
/// "" when absent.
[[nodiscard]] std::string digest_parameter(std::string_view header, std::string_view name);

struct DigestRequest {
  std::string_view user;
  std::string_view password;
  std::string_view method;
  /// The digest-uri, "sip:" included.
  std::string_view uri;
  /// The message body (auth-int hashes it).
  std::string_view body;
  /// The challenge: the WWW-Authenticate or Proxy-Authenticate value.
  std::string_view challenge;
  uint32_t nonce_count = 1;
  /// The client nonce, used when the challenge offers qop.
  std::string_view cnonce;
  /// AKAv1-MD5: the subscriber key K, the operator variant OP and the AMF,
  /// as raw bytes the way SIPp reads its aka_K/aka_OP/aka_AMF text (the first
  /// 16, 16 and 2 bytes; shorter ones padded with zeros).
  std::string_view aka_k;
  std::string_view aka_op;
  std::string_view aka_amf;
};

struct DigestResult {
  bool ok = false;
  /// The credentials ("Digest username=...") or, when !ok, why not.
  std::string text;
};

/// The credentials answering `r.challenge`.
[[nodiscard]] DigestResult digest_credentials(const DigestRequest &r);

/// Whether `authorization` (an Authorization value) carries the right
/// response for user/password/method/body, as SIPp's verifyauth decides.
[[nodiscard]] bool digest_verify(std::string_view user, std::string_view password,
                                 std::string_view method, std::string_view authorization,
                                 std::string_view body);

} // namespace gossipper::stdlib
