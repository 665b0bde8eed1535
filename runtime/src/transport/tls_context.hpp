//===- tls_context.hpp - The OpenSSL contexts of l1/ln and ws1/wsn -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The context of the side a run plays (a server accepts, a client connects),
// shared by the shards (an SSL_CTX is safe to use from several threads).
// Built from SIPp's options: the certificate and key (a client without
// -tls_cert and no cacert.pem presents none); the peer is verified when
// -tls_ca or -tls_crl is given, unless -tls_skip_verify.
// Clients resume a session the server issued (ln opens a connection per
// call, and a full handshake per call is what makes SIPp's multi-socket TLS
// slow). OpenSSL marks a TLS 1.3 session used up when a handshake that
// resumed it ends (RFC 8446 asks clients to use a ticket once), so the
// client keeps the tickets it has not used yet, not only the newest.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include "gossipper/runtime/run_config.hpp"

#include <boost/asio/ssl/context.hpp>
#include <openssl/ssl.h>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace gossipper::runtime {

class TlsHandshakePool;

struct SslFree {
  void operator()(SSL *ssl) const { SSL_free(ssl); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

class TlsContexts {
public:
  /// The contexts, or why not (a missing certificate, a bad -tls_version):
  /// SIPp refuses to start then too. Only the side the run plays
  /// (`server_side`: it accepts connections) is set up.
  static Expected<std::unique_ptr<TlsContexts>> make(const TlsOptions &options, bool server_side);
  ~TlsContexts();
  TlsContexts(const TlsContexts &) = delete;
  TlsContexts &operator=(const TlsContexts &) = delete;

  boost::asio::ssl::context &client() { return client_; }
  boost::asio::ssl::context &server() { return server_; }
  [[nodiscard]] bool verifies_peer() const { return verify_; }
  /// The SNI a client sends (empty: none).
  [[nodiscard]] const std::string &server_name() const { return sni_; }

  /// Where TLS connections shake hands (null: on their shard).
  [[nodiscard]] TlsHandshakePool *handshake_pool() const { return pool_; }
  void use_handshake_pool(TlsHandshakePool *pool) { pool_ = pool; }

  /// A new session of the side `server` says, for a handshake to come
  /// (null: out of memory).
  [[nodiscard]] SslPtr new_ssl(bool server) {
    return SslPtr(SSL_new(server ? server_.native_handle() : client_.native_handle()));
  }

  /// Before a client handshake: offer the newest session still resumable.
  void prepare_client(SSL *ssl);
  /// After a completed handshake: counts it (and whether it resumed).
  void completed(SSL *ssl);

  [[nodiscard]] uint64_t handshakes() const { return handshakes_.load(); }
  [[nodiscard]] uint64_t resumed() const { return resumed_.load(); }

private:
  TlsContexts();
  static int on_new_session(SSL *ssl, SSL_SESSION *session);

  boost::asio::ssl::context client_;
  boost::asio::ssl::context server_;
  bool verify_ = false;
  std::string sni_;
  TlsHandshakePool *pool_ = nullptr;
  /// Sessions the server issued that a handshake may still resume, oldest
  /// first; at most kKeptSessions (a server sends two per connection).
  static constexpr size_t kKeptSessions = 64;
  std::mutex session_mutex_;
  std::deque<SSL_SESSION *> sessions_;
  std::atomic<uint64_t> handshakes_{0};
  std::atomic<uint64_t> resumed_{0};
};

/// Why a handshake failed, with the certificate check's own reason (an
/// expired certificate, an unknown CA) when that is what failed.
[[nodiscard]] std::string tls_failure(const boost::system::error_code &ec, SSL *ssl);

} // namespace gossipper::runtime
