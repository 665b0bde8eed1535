//===- dtls_identity.hpp - Our DTLS certificate and fingerprints -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// DTLS-SRTP (RFC 5763) authenticates each side by the fingerprint of its
// certificate in its SDP: the certificate itself may be self-signed. Ours is
// made once per run (ECDSA P-256), or read from -dtls_cert/-dtls_key; its
// SSL_CTX, shared by every shard, offers the SRTP profiles (RFC 5764).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <memory>
#include <string>
#include <string_view>

struct ssl_ctx_st;
struct x509_st;
struct evp_pkey_st;

namespace gossipper::runtime::media {

/// a=fingerprint (RFC 8122): the hash function's name, lowercase, and the
/// digest's bytes.
struct Fingerprint {
  std::string hash;
  std::string digest;
  bool operator==(const Fingerprint &) const = default;
};

/// Reads an a=fingerprint value ("sha-256 AB:CD:..."); the hash functions of
/// RFC 8122 (sha-1, sha-224, sha-256, sha-384, sha-512) only.
[[nodiscard]] Expected<Fingerprint> read_fingerprint(std::string_view value);
/// The fingerprint of a certificate with that hash function.
[[nodiscard]] Expected<Fingerprint> certificate_fingerprint(const x509_st *cert,
                                                            std::string_view hash);
/// "sha-256 AB:CD:...", as a=fingerprint writes it.
[[nodiscard]] std::string write_fingerprint(const Fingerprint &f);

class DtlsIdentity {
public:
  /// A new self-signed ECDSA P-256 certificate, valid 30 days from now.
  static Expected<std::shared_ptr<const DtlsIdentity>> generate();
  /// A certificate and key from PEM files (an error names the file).
  static Expected<std::shared_ptr<const DtlsIdentity>> load(const std::string &cert,
                                                            const std::string &key);
  ~DtlsIdentity();
  DtlsIdentity(const DtlsIdentity &) = delete;
  DtlsIdentity &operator=(const DtlsIdentity &) = delete;

  /// The DTLS context every association of the run is made from.
  [[nodiscard]] ssl_ctx_st *context() const { return ctx_; }
  /// Our a=fingerprint value (sha-256).
  [[nodiscard]] const std::string &fingerprint() const { return fingerprint_; }

private:
  /// The identity of a certificate and its key (both taken over).
  static Expected<std::shared_ptr<const DtlsIdentity>> from(x509_st *cert, evp_pkey_st *key);
  explicit DtlsIdentity(ssl_ctx_st *ctx, std::string fingerprint)
      : ctx_(ctx), fingerprint_(std::move(fingerprint)) {}
  ssl_ctx_st *ctx_;
  std::string fingerprint_;
};

} // namespace gossipper::runtime::media
