//===- dtls_identity.cpp - Our DTLS certificate and fingerprints ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/dtls_identity.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <cctype>
#include <cstdio>

namespace gossipper::runtime::media {

namespace {

struct Digest {
  std::string_view name;
  const EVP_MD *(*md)();
};

constexpr std::array<Digest, 5> kDigests = {{{"sha-1", EVP_sha1},
                                             {"sha-224", EVP_sha224},
                                             {"sha-256", EVP_sha256},
                                             {"sha-384", EVP_sha384},
                                             {"sha-512", EVP_sha512}}};

const Digest *digest_named(std::string_view name) {
  for (const Digest &d : kDigests) {
    if (d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

std::string openssl_error(std::string_view what) {
  char buf[256] = "";
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  ERR_clear_error();
  return std::string(what) + (buf[0] != '\0' ? std::string(": ") + buf : std::string());
}

/// DTLS-SRTP authenticates by fingerprint, so the chain is not verified
/// here: any certificate is taken, and compared with the SDP's once the
/// handshake is done.
int accept_any(int /*preverified*/, X509_STORE_CTX * /*ctx*/) { return 1; }

template <class T, void (*Free)(T *)> struct Owned {
  T *p = nullptr;
  explicit Owned(T *v) : p(v) {}
  ~Owned() {
    if (p != nullptr) {
      Free(p);
    }
  }
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  T *release() {
    T *v = p;
    p = nullptr;
    return v;
  }
};
using Pkey = Owned<EVP_PKEY, EVP_PKEY_free>;
using Cert = Owned<X509, X509_free>;
using Ctx = Owned<SSL_CTX, SSL_CTX_free>;

} // namespace

Expected<Fingerprint> read_fingerprint(std::string_view value) {
  size_t space = value.find(' ');
  if (space == std::string_view::npos) {
    return Error{"a=fingerprint without a hash function and a digest"};
  }
  Fingerprint f;
  for (char c : value.substr(0, space)) {
    f.hash += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const Digest *d = digest_named(f.hash);
  if (d == nullptr) {
    return Error{"a=fingerprint's hash function " + f.hash + " is not one of RFC 8122's"};
  }
  std::string_view hex = value.substr(space + 1);
  while (!hex.empty() && (hex.back() == ' ' || hex.back() == '\r')) {
    hex.remove_suffix(1);
  }
  // AB:CD:...: two hex digits, then a colon before each next pair.
  for (size_t i = 0; i < hex.size(); i += 3) {
    if (i + 2 > hex.size() || !std::isxdigit(static_cast<unsigned char>(hex[i])) ||
        !std::isxdigit(static_cast<unsigned char>(hex[i + 1])) ||
        (i + 2 < hex.size() && hex[i + 2] != ':')) {
      return Error{"a=fingerprint's digest is not colon-separated hex"};
    }
    f.digest += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  if (f.digest.size() != static_cast<size_t>(EVP_MD_get_size(d->md()))) {
    return Error{"a=fingerprint's digest is not as long as " + f.hash + "'s"};
  }
  return f;
}

Expected<Fingerprint> certificate_fingerprint(const x509_st *cert, std::string_view hash) {
  const Digest *d = digest_named(hash);
  if (d == nullptr || cert == nullptr) {
    return Error{"no certificate, or an unknown hash function"};
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (X509_digest(cert, d->md(), md.data(), &len) != 1) {
    return Error{openssl_error("the certificate's digest")};
  }
  return Fingerprint{std::string(d->name), std::string(md.begin(), md.begin() + len)};
}

std::string write_fingerprint(const Fingerprint &f) {
  std::string s = f.hash;
  s += ' ';
  for (size_t i = 0; i < f.digest.size(); ++i) {
    char pair[4];
    std::snprintf(pair, sizeof pair, "%02X", static_cast<unsigned char>(f.digest[i]));
    if (i != 0) {
      s += ':';
    }
    s += pair;
  }
  return s;
}

Expected<std::shared_ptr<const DtlsIdentity>> DtlsIdentity::from(x509_st *cert_p,
                                                                 evp_pkey_st *key_p) {
  Cert cert(cert_p);
  Pkey key(key_p);
  Ctx ctx(SSL_CTX_new(DTLS_method()));
  if (ctx.p == nullptr || SSL_CTX_use_certificate(ctx.p, cert.p) != 1 ||
      SSL_CTX_use_PrivateKey(ctx.p, key.p) != 1) {
    return Error{openssl_error("the DTLS context")};
  }
  SSL_CTX_set_min_proto_version(ctx.p, DTLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.p, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any);
  // RFC 5764 §4.1.2's profiles, AES-CM with an 80-bit tag first: every
  // peer runs it, and rtpengine 10.5's SRTCP under the AEAD profiles fails
  // libsrtp's check (its SRTP passes); the AEAD ones stay for peers that
  // offer nothing else.
  if (SSL_CTX_set_tlsext_use_srtp(ctx.p, "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32:"
                                         "SRTP_AEAD_AES_128_GCM:SRTP_AEAD_AES_256_GCM") != 0) {
    return Error{openssl_error("the DTLS-SRTP profiles")};
  }
  Expected<Fingerprint> f = certificate_fingerprint(cert.p, "sha-256");
  if (!f) {
    return f.error();
  }
  return std::shared_ptr<const DtlsIdentity>(
      new DtlsIdentity(ctx.release(), write_fingerprint(*f)));
}

Expected<std::shared_ptr<const DtlsIdentity>> DtlsIdentity::generate() {
  Pkey key(EVP_EC_gen("P-256"));
  Cert cert(X509_new());
  if (key.p == nullptr || cert.p == nullptr) {
    return Error{openssl_error("the DTLS key")};
  }
  X509_set_version(cert.p, 2);
  // A random serial, so that two runs' certificates differ.
  unsigned char serial[8];
  if (RAND_bytes(serial, sizeof serial) != 1) {
    return Error{openssl_error("the certificate's serial")};
  }
  BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.p));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.p), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.p), 30L * 24 * 3600);
  X509_NAME *name = X509_get_subject_name(cert.p);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char *>("gossipper"), -1, -1, 0);
  X509_set_issuer_name(cert.p, name);
  X509_set_pubkey(cert.p, key.p);
  if (X509_sign(cert.p, key.p, EVP_sha256()) == 0) {
    return Error{openssl_error("signing the DTLS certificate")};
  }
  return from(cert.release(), key.release());
}

Expected<std::shared_ptr<const DtlsIdentity>> DtlsIdentity::load(const std::string &cert_file,
                                                                 const std::string &key_file) {
  std::FILE *f = std::fopen(cert_file.c_str(), "r");
  if (f == nullptr) {
    return Error{"Cannot read the DTLS certificate " + cert_file};
  }
  Cert cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (cert.p == nullptr) {
    return Error{"The DTLS certificate " + cert_file + " is not a PEM certificate"};
  }
  f = std::fopen(key_file.c_str(), "r");
  if (f == nullptr) {
    return Error{"Cannot read the DTLS key " + key_file};
  }
  Pkey key(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (key.p == nullptr) {
    return Error{"The DTLS key " + key_file + " is not a PEM private key"};
  }
  if (X509_check_private_key(cert.p, key.p) != 1) {
    ERR_clear_error();
    return Error{"The DTLS key " + key_file + " is not the key of " + cert_file};
  }
  return from(cert.release(), key.release());
}

DtlsIdentity::~DtlsIdentity() { SSL_CTX_free(ctx_); }

} // namespace gossipper::runtime::media
