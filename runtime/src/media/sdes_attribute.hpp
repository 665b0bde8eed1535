//===- sdes_attribute.hpp - SDP's a=crypto (RFC 4568) -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One a=crypto line: its tag, its suite, the master key and salt of its
// first inline key, and the session parameters that change what SRTP does
// (UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP). The line
// comes off the network: every length is checked and nothing throws. Key
// lifetimes are accepted and ignored (a load test's calls are short); MKIs
// are refused, as no peer of ours sends them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gossipper::runtime::media {

/// The SDES suites we run (RFC 4568 §6.2, RFC 6188 for AES-256, RFC 7714 for
/// the AEAD ones).
enum class SrtpSuite : uint8_t {
  AesCm128HmacSha1_80,
  AesCm128HmacSha1_32,
  AesCm256HmacSha1_80,
  AesCm256HmacSha1_32,
  NullHmacSha1_80,
  NullHmacSha1_32,
  AeadAes128Gcm,
  AeadAes256Gcm,
};

[[nodiscard]] std::string_view srtp_suite_name(SrtpSuite s);
/// The suite of that name; nullopt for one we do not run (F8, AES-192...).
[[nodiscard]] std::optional<SrtpSuite> srtp_suite_named(std::string_view name);
/// Bytes of master key plus master salt the suite's inline key carries.
[[nodiscard]] size_t srtp_master_length(SrtpSuite s);

struct SdesCrypto {
  uint32_t tag = 0;
  SrtpSuite suite = SrtpSuite::AesCm128HmacSha1_80;
  std::string master; ///< key then salt, srtp_master_length() bytes
  bool unencrypted_srtp = false;
  bool unencrypted_srtcp = false;
  bool unauthenticated_srtp = false;
};

/// Reads what follows "a=crypto:" (`tag suite inline:key[|lifetime][;...]
/// [params]`). An error says why a line is malformed; nullopt is a line of
/// a suite we do not run, which a peer offering several may well send.
[[nodiscard]] Expected<std::optional<SdesCrypto>> read_sdes_crypto(std::string_view value);

/// The a=crypto value of `c` (without "a=crypto:").
[[nodiscard]] std::string write_sdes_crypto(const SdesCrypto &c);

/// RFC 4648 base64, with padding.
[[nodiscard]] std::string base64_encode(std::string_view bytes);
/// nullopt on a character outside the alphabet or a bad length; padding is
/// optional, as some peers leave it out.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

} // namespace gossipper::runtime::media
