//===- dtls_session.cpp - A DTLS-SRTP association (RFC 5764) --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/dtls_session.hpp"

#include <openssl/err.h>
#include <openssl/srtp.h>
#include <openssl/ssl.h>

namespace gossipper::runtime::media {

namespace {

/// Large enough for a certificate flight in one datagram on loopback and
/// ordinary networks alike.
constexpr long kMtu = 1200;

struct Profile {
  unsigned long id;
  SrtpSuite suite;
  size_t key, salt;
};

/// RFC 5764 §4.1.2 and RFC 7714 §14.2: key and salt lengths of a profile.
std::optional<Profile> profile_of(unsigned long id) {
  switch (id) {
  case SRTP_AES128_CM_SHA1_80: return Profile{id, SrtpSuite::AesCm128HmacSha1_80, 16, 14};
  case SRTP_AES128_CM_SHA1_32: return Profile{id, SrtpSuite::AesCm128HmacSha1_32, 16, 14};
  case SRTP_AEAD_AES_128_GCM: return Profile{id, SrtpSuite::AeadAes128Gcm, 16, 12};
  case SRTP_AEAD_AES_256_GCM: return Profile{id, SrtpSuite::AeadAes256Gcm, 32, 12};
  default: return std::nullopt;
  }
}

std::string ssl_error() {
  char buf[256] = "";
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

} // namespace

Expected<std::unique_ptr<DtlsSession>> DtlsSession::make(const DtlsIdentity &identity, Role role,
                                                         Fingerprint peer) {
  SSL *ssl = SSL_new(identity.context());
  BIO *in = BIO_new(BIO_s_mem());
  BIO *out = BIO_new(BIO_s_mem());
  if (ssl == nullptr || in == nullptr || out == nullptr) {
    SSL_free(ssl);
    BIO_free(in);
    BIO_free(out);
    return Error{"DTLS: " + ssl_error()};
  }
  // An empty read BIO says "try again", not "end of file".
  BIO_set_mem_eof_return(in, -1);
  SSL_set_bio(ssl, in, out);
  SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
  SSL_set_mtu(ssl, kMtu);
  if (role == Role::Client) {
    SSL_set_connect_state(ssl);
  } else {
    SSL_set_accept_state(ssl);
  }
  return std::unique_ptr<DtlsSession>(new DtlsSession(ssl, role, std::move(peer)));
}

DtlsSession::DtlsSession(ssl_st *ssl, Role role, Fingerprint peer)
    : ssl_(ssl), role_(role), peer_(std::move(peer)) {}

DtlsSession::~DtlsSession() { SSL_free(ssl_); }

void DtlsSession::start(std::vector<std::string> &out) {
  if (role_ == Role::Client && state_ == State::Handshaking) {
    step(out);
  }
}

void DtlsSession::on_datagram(std::string_view datagram, std::vector<std::string> &out) {
  if (state_ == State::Failed) {
    return;
  }
  BIO_write(SSL_get_rbio(ssl_), datagram.data(), static_cast<int>(datagram.size()));
  if (state_ == State::Handshaking) {
    step(out);
    return;
  }
  // After the handshake: a retransmitted flight of the peer's gets ours
  // again; application data and alerts are read and dropped.
  char sink[2048];
  while (SSL_read(ssl_, sink, sizeof sink) > 0) {
  }
  ERR_clear_error();
  drain(out);
}

std::optional<uint64_t> DtlsSession::timeout_ms() const {
  timeval tv{};
  if (state_ != State::Handshaking || DTLSv1_get_timeout(ssl_, &tv) != 1) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(tv.tv_sec) * 1000 + static_cast<uint64_t>(tv.tv_usec) / 1000;
}

void DtlsSession::on_timeout(std::vector<std::string> &out) {
  if (state_ == State::Handshaking && DTLSv1_handle_timeout(ssl_) > 0) {
    drain(out);
  }
}

void DtlsSession::step(std::vector<std::string> &out) {
  int r = SSL_do_handshake(ssl_);
  drain(out);
  if (r == 1) {
    finish();
    return;
  }
  int e = SSL_get_error(ssl_, r);
  if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
    fail("DTLS handshake: " + ssl_error());
  }
}

void DtlsSession::drain(std::vector<std::string> &out) {
  BIO *wbio = SSL_get_wbio(ssl_);
  // The records of a flight leave in one datagram (RFC 6347 §4.1.1 allows
  // several records per datagram).
  size_t pending = BIO_ctrl_pending(wbio);
  if (pending == 0) {
    return;
  }
  std::string datagram(pending, '\0');
  int n = BIO_read(wbio, datagram.data(), static_cast<int>(pending));
  if (n > 0) {
    datagram.resize(static_cast<size_t>(n));
    out.push_back(std::move(datagram));
  }
}

void DtlsSession::fail(std::string why) {
  state_ = State::Failed;
  failure_ = std::move(why);
}

void DtlsSession::finish() {
  // RFC 5763 §5: the certificate must be the one the SDP's fingerprint names.
  X509 *cert = SSL_get1_peer_certificate(ssl_);
  Expected<Fingerprint> got = certificate_fingerprint(cert, peer_.hash);
  X509_free(cert);
  if (!got || *got != peer_) {
    mismatch_ = true;
    fail("the peer's DTLS certificate does not match its SDP's a=fingerprint");
    return;
  }
  SRTP_PROTECTION_PROFILE *chosen = SSL_get_selected_srtp_profile(ssl_);
  std::optional<Profile> p = chosen != nullptr ? profile_of(chosen->id) : std::nullopt;
  if (!p) {
    fail("no SRTP profile was agreed in the DTLS handshake");
    return;
  }
  // client key | server key | client salt | server salt.
  std::string material(2 * (p->key + p->salt), '\0');
  static constexpr char kLabel[] = "EXTRACTOR-dtls_srtp";
  if (SSL_export_keying_material(ssl_, reinterpret_cast<unsigned char *>(material.data()),
                                 material.size(), kLabel, sizeof kLabel - 1, nullptr, 0, 0) != 1) {
    fail("DTLS key export: " + ssl_error());
    return;
  }
  std::string client = material.substr(0, p->key) + material.substr(2 * p->key, p->salt);
  std::string server =
      material.substr(p->key, p->key) + material.substr(2 * p->key + p->salt, p->salt);
  local_.suite = remote_.suite = p->suite;
  local_.master = role_ == Role::Client ? client : server;
  remote_.master = role_ == Role::Client ? server : client;
  state_ = State::Keyed;
}

} // namespace gossipper::runtime::media
