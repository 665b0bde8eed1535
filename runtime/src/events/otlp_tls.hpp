//===- otlp_tls.hpp - The OTLP exporter's TLS files and context -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// An https:// collector: the files OTEL_EXPORTER_OTLP_CERTIFICATE,
// _CLIENT_KEY and _CLIENT_CERTIFICATE name are read and checked with
// OpenSSL when the sink opens, so that a bad path or a file that holds no
// certificate stops the run before any traffic rather than failing every
// export. HTTP gets an Asio TLS context; gRPC gets the PEM texts (its
// credentials take them as they are).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/otel_settings.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace gossipper::runtime::events {

/// The TLS files' contents, each checked.
struct OtlpTlsMaterial {
  std::string ca_pem;   ///< empty: the system's store
  std::string key_pem;  ///< empty: no client certificate
  std::string cert_pem; ///< with key_pem
};

/// Reads the files and checks them: the CA file holds at least one
/// certificate, the client key matches the client certificate. Errors name
/// the variable and the path.
[[nodiscard]] Expected<OtlpTlsMaterial> load_otlp_tls(const OtlpTlsFiles &files);

/// The system's trusted certificates as PEM (OpenSSL's default file, or
/// SSL_CERT_FILE), for gRPC, whose own default is a bundle of its own; empty
/// when it cannot be read (gRPC's bundle then).
[[nodiscard]] std::string system_roots_pem();

/// A client context: TLS 1.2 at least, the peer verified against the CA
/// file's certificates (else the system's store), the client certificate
/// when there is one.
[[nodiscard]] Expected<std::shared_ptr<boost::asio::ssl::context>>
make_otlp_ssl_context(const OtlpTlsMaterial &material);

} // namespace gossipper::runtime::events
