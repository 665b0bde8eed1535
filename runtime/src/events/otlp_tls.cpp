//===- otlp_tls.cpp - The OTLP exporter's TLS files and context -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/otlp_tls.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gossipper::runtime::events {

namespace asio = boost::asio;

namespace {

Error file_error(const TlsFile &f, const std::string &why) {
  return Error{f.from + ": '" + f.path + "' " + why, 1};
}

Expected<std::string> read_file(const TlsFile &f) {
  std::ifstream in(f.path, std::ios::binary);
  if (!in) {
    return file_error(f, std::string("cannot be read: ") + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return file_error(f, std::string("cannot be read: ") + std::strerror(errno));
  }
  return text.str();
}

/// How many PEM certificates the text holds (a bundle may hold many).
int certificates_in(const std::string &pem) {
  BIO *bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) {
    return 0;
  }
  int n = 0;
  while (X509 *cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_free(cert);
    ++n;
  }
  BIO_free(bio);
  ERR_clear_error(); // the read past the last one leaves "no start line"
  return n;
}

/// A file that must hold at least one PEM certificate.
Expected<std::string> read_certificates(const TlsFile &f) {
  Expected<std::string> text = read_file(f);
  if (text && certificates_in(*text) == 0) {
    return file_error(f, "holds no PEM certificate");
  }
  return text;
}

} // namespace

Expected<OtlpTlsMaterial> load_otlp_tls(const OtlpTlsFiles &files) {
  OtlpTlsMaterial m;
  if (!files.ca.path.empty()) {
    Expected<std::string> ca = read_certificates(files.ca);
    if (!ca) {
      return ca.error();
    }
    m.ca_pem = *std::move(ca);
  }
  if (!files.key.path.empty()) {
    Expected<std::string> key = read_file(files.key);
    if (!key) {
      return key.error();
    }
    Expected<std::string> cert = read_certificates(files.cert);
    if (!cert) {
      return cert.error();
    }
    m.key_pem = *std::move(key);
    m.cert_pem = *std::move(cert);
  }
  // The context checks what is left: the key reads, and matches.
  Expected<std::shared_ptr<asio::ssl::context>> ctx = make_otlp_ssl_context(m);
  if (!ctx && files.key.path.empty()) {
    return Error{(files.ca.path.empty() ? "the system's certificates" : files.ca.from) + ": " +
                     ctx.error().message,
                 1};
  }
  if (!ctx) {
    return Error{files.key.from + " and " + files.cert.from + " ('" + files.key.path + "', '" +
                     files.cert.path + "'): " + ctx.error().message,
                 1};
  }
  return m;
}

std::string system_roots_pem() {
  const char *named = std::getenv(X509_get_default_cert_file_env());
  Expected<std::string> text = read_file(
      {named != nullptr && *named != '\0' ? named : X509_get_default_cert_file(), "SSL_CERT_FILE"});
  return text ? *std::move(text) : std::string();
}

Expected<std::shared_ptr<asio::ssl::context>>
make_otlp_ssl_context(const OtlpTlsMaterial &material) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (material.ca_pem.empty()) {
    ctx->set_default_verify_paths(ec);
  } else {
    ctx->add_certificate_authority(asio::buffer(material.ca_pem), ec);
  }
  if (ec) {
    return Error{"the trusted certificates: " + ec.message(), 1};
  }
  ctx->set_verify_mode(asio::ssl::verify_peer);
  if (!material.key_pem.empty()) {
    ctx->use_certificate_chain(asio::buffer(material.cert_pem), ec);
    if (!ec) {
      ctx->use_private_key(asio::buffer(material.key_pem), asio::ssl::context::pem, ec);
    }
    if (ec) {
      return Error{"the client certificate or key: " + ec.message(), 1};
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      return Error{"the client key does not match the client certificate", 1};
    }
  }
  return ctx;
}

} // namespace gossipper::runtime::events
