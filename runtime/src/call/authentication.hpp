//===- authentication.hpp - [authentication] and <verifyauth> --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Digest credentials as SIPp writes them, for the challenge a <recv
// auth="true"> kept, and the check <verifyauth> makes of a request's
// Authorization. The hashing itself is stdlib's digest_auth.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime {

/// The parameters of [authentication]: username, password, aka_K, aka_OP,
/// aka_AMF, in the ABI's order.
inline constexpr std::array<std::string_view, 5> kAuthenticationParams = {
    "username=", "password=", "aka_K=", "aka_OP=", "aka_AMF="};

/// A parameter of an [authentication ...] written as text (by an injected
/// field), as SIPp's getKeywordParam reads it: "0x" hex bytes, a quoted
/// value, or the printable characters up to ']'. Empty when absent.
[[nodiscard]] std::string keyword_param(std::string_view keyword, std::string_view name);

/// What answers a challenge.
struct DigestAnswer {
  std::string user;
  std::string password;
  std::string aka_k;
  std::string aka_op;
  std::string aka_amf;
  std::string uri;    ///< the digest uri: "sip:" + -auth_uri or remote ip:port
  std::string cnonce; ///< a fresh client nonce (hex)
};

/// The credentials header for `message` (whose method and final body are
/// hashed) answering `challenge` (a 401's or a 407's), SIPp's layout:
/// "Authorization: Digest ..." or "Proxy-Authorization: Digest ...".
[[nodiscard]] Expected<std::string> authorization_header(std::string_view message,
                                                         std::string_view challenge,
                                                         int challenge_code, uint32_t nonce_count,
                                                         const DigestAnswer &answer);

/// <verifyauth>: whether `request`'s Authorization was made with `user` and
/// `password` (false for a response).
[[nodiscard]] bool verify_authorization(std::string_view request, const std::string &user,
                                        const std::string &password);

} // namespace gossipper::runtime
