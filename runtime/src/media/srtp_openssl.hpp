//===- srtp_openssl.hpp - libsrtp's ciphers on OpenSSL ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Debian builds libsrtp2 on NSS, whose AES counter mode makes a PKCS#11
// context for every packet and whose cost per packet grows with the number
// of live keys (docs/benchmarks.md, "SRTP and DTLS-SRTP"). libsrtp lets a
// program replace a cipher or an authentication function by its type id
// (srtp_replace_cipher_type, srtp_replace_auth_type, in its public
// cipher.h and auth.h): these are AES-ICM-128/256, AES-GCM-128/256 and
// HMAC-SHA1 on OpenSSL's EVP, one context per session reused for every
// packet. libsrtp checks each against its own known answers and against
// the type it replaces before taking it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace gossipper::runtime::media {

/// Replaces libsrtp's AES-ICM, AES-GCM and HMAC-SHA1 with OpenSSL's, after
/// srtp_init and before any session. Empty when every type was taken, else
/// what libsrtp refused (its own then stay).
[[nodiscard]] std::string use_openssl_srtp_crypto();

} // namespace gossipper::runtime::media
