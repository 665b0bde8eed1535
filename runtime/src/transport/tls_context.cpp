//===- tls_context.cpp - The OpenSSL contexts of l1/ln and ws1/wsn --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

namespace gossipper::runtime {

namespace asio = boost::asio;

namespace {

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (e == 0) {
    return "unknown OpenSSL error";
  }
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

/// -tls_version as SIPp reads it: one version, both bounds.
Expected<void> set_version(SSL_CTX *ctx, const std::string &version) {
  if (version.empty()) {
    return {};
  }
  int v = 0;
  if (version == "1.0" || version == "1") {
    v = TLS1_VERSION;
  } else if (version == "1.1") {
    v = TLS1_1_VERSION;
  } else if (version == "1.2") {
    v = TLS1_2_VERSION;
  } else if (version == "1.3") {
    v = TLS1_3_VERSION;
  } else {
    return Error{"Unrecognized TLS version: " + version + " (1.0, 1.1, 1.2 or 1.3)"};
  }
  SSL_CTX_set_min_proto_version(ctx, v);
  SSL_CTX_set_max_proto_version(ctx, v);
  return {};
}

Expected<void> load_crls(SSL_CTX *ctx, const std::string &file) {
  X509_STORE *store = SSL_CTX_get_cert_store(ctx);
  X509_LOOKUP *lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
  if (lookup == nullptr || X509_load_crl_file(lookup, file.c_str(), X509_FILETYPE_PEM) <= 0) {
    return Error{"Unable to load CRL file (" + file + "): " + openssl_error()};
  }
  X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  return {};
}

} // namespace

TlsContexts::TlsContexts()
    : client_(asio::ssl::context::tls_client), server_(asio::ssl::context::tls_server) {}

TlsContexts::~TlsContexts() {
  for (SSL_SESSION *s : sessions_) {
    SSL_SESSION_free(s);
  }
}

namespace {
/// Where a context finds its TlsContexts (Asio keeps the app data for itself).
int owner_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}
} // namespace

Expected<std::unique_ptr<TlsContexts>> TlsContexts::make(const TlsOptions &o, bool server_side) {
  std::unique_ptr<TlsContexts> t(new TlsContexts());
  t->verify_ = !o.skip_verify && (!o.ca.empty() || !o.crl.empty());
  t->sni_ = o.sni;
  SSL_CTX *ctx = server_side ? t->server_.native_handle() : t->client_.native_handle();
  if (Expected<void> set = set_version(ctx, o.version); !set) {
    return set.error();
  }
  if (!o.ca.empty() && SSL_CTX_load_verify_locations(ctx, o.ca.c_str(), nullptr) != 1) {
    return Error{"Unable to load the TLS CA file (" + o.ca + "): " + openssl_error()};
  }
  if (!o.crl.empty()) {
    if (Expected<void> loaded = load_crls(ctx, o.crl); !loaded) {
      return loaded.error();
    }
  }
  // The server side needs a certificate; a client presents one only when
  // asked, but SIPp loads it for both, and a missing file is an error.
  if (SSL_CTX_use_certificate_chain_file(ctx, o.cert.c_str()) != 1) {
    if (server_side || o.cert != TlsOptions{}.cert) {
      return Error{"Unable to load the TLS certificate (" + o.cert + "): " + openssl_error()};
    }
    ERR_clear_error(); // a client without -tls_cert: none to present
  } else if (SSL_CTX_use_PrivateKey_file(ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1 ||
             SSL_CTX_check_private_key(ctx) != 1) {
    return Error{"Unable to load the TLS private key (" + o.key + "): " + openssl_error()};
  }
  SSL_CTX_set_verify(
      ctx, t->verify_ ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_NONE,
      nullptr);
  SSL_CTX_set_ex_data(ctx, owner_index(), t.get());
  static const unsigned char kSessionContext[] = "gossipper";
  SSL_CTX_set_session_id_context(t->server_.native_handle(), kSessionContext,
                                 sizeof kSessionContext - 1);
  SSL_CTX_set_session_cache_mode(t->client_.native_handle(),
                                 SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(t->client_.native_handle(), &TlsContexts::on_new_session);
  return t;
}

int TlsContexts::on_new_session(SSL *ssl, SSL_SESSION *session) {
  auto *self = static_cast<TlsContexts *>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), owner_index()));
  std::lock_guard lock(self->session_mutex_);
  self->sessions_.push_back(session);
  if (self->sessions_.size() > kKeptSessions) {
    SSL_SESSION_free(self->sessions_.front());
    self->sessions_.pop_front();
  }
  return 1; // we keep the reference
}

void TlsContexts::prepare_client(SSL *ssl) {
  if (!sni_.empty()) {
    // SSL_set_tlsext_host_name is a macro with a C cast.
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char *>(sni_.c_str()));
  }
  std::lock_guard lock(session_mutex_);
  // The newest still resumable. OpenSSL marks a TLS 1.3 session used up
  // when a handshake that resumed it ends; until then connections made
  // meanwhile share it, and after it the ticket issued before it is next.
  while (!sessions_.empty()) {
    SSL_SESSION *s = sessions_.back();
    if (SSL_SESSION_is_resumable(s) != 0) {
      SSL_set_session(ssl, s); // takes a reference of its own
      return;
    }
    SSL_SESSION_free(s);
    sessions_.pop_back();
  }
}

void TlsContexts::completed(SSL *ssl) {
  handshakes_.fetch_add(1, std::memory_order_relaxed);
  if (SSL_session_reused(ssl) != 0) {
    resumed_.fetch_add(1, std::memory_order_relaxed);
  }
}

std::string tls_failure(const boost::system::error_code &ec, SSL *ssl) {
  std::string why = ec.message();
  long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    why += std::string(": ") + X509_verify_cert_error_string(verify);
  }
  return why;
}

} // namespace gossipper::runtime
