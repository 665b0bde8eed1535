//===- otlp_http_sender.hpp - POST /v1/logs with Boost.Beast ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// OTLP/HTTP: one keep-alive connection, a request at a time, on the OTLP
// sink's thread (its own io_context, so a slow collector delays only that
// thread). Asynchronous operations under one deadline, so that no connect,
// handshake, write or read waits longer than the timeout. With a TLS
// context (https://), the connection is TLS: SNI and the certificate's
// name checked against the URL's host.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/otel_settings.hpp"
#include "events/otlp_transport.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <memory>
#include <optional>
#include <string>

namespace gossipper::runtime::events {

class OtlpHttpSender final : public OtlpTransport {
public:
  /// `content_type`: application/x-protobuf or application/json; `tls`:
  /// null for http://.
  OtlpHttpSender(HttpUrl url, std::string content_type, KeyValues headers,
                 std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ExportResult send(const std::string &body, uint64_t timeout_ms) override;

private:
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  /// What an exchange learnt of the answer.
  struct Answer {
    int status = 0;
    bool keep_alive = true;
    std::optional<uint64_t> retry_after_ms;
  };
  /// One try on the kept connection (or a new one); `stale` tells that a
  /// kept connection failed (the collector may have closed it meanwhile).
  ExportResult exchange(const std::string &body, uint64_t timeout_ms, bool &stale);
  template <class Stream>
  boost::system::error_code run_exchange(Stream &stream, bool reused, const std::string &body,
                                         uint64_t timeout_ms, Answer &answer);
  /// SNI and the name the certificate must carry, before the handshake.
  void name_peer(TlsStream &stream) const;
  /// Why the TLS handshake failed, with OpenSSL's verdict on the
  /// certificate when that was it.
  std::string tls_failure(boost::system::error_code ec);

  HttpUrl url_;
  std::string content_type_;
  KeyValues headers_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::io_context io_;
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<TlsStream> secure_;
};

} // namespace gossipper::runtime::events
