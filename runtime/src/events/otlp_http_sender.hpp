//===- otlp_http_sender.hpp - POST /v1/logs with Boost.Beast ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// OTLP/HTTP: one keep-alive connection, a request at a time, on the OTLP
// sink's thread (its own io_context, so a slow collector delays only that
// thread). Asynchronous operations under one deadline, so that no connect,
// write or read waits longer than the timeout.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/otel_settings.hpp"
#include "events/otlp_transport.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <optional>
#include <string>

namespace gossipper::runtime::events {

class OtlpHttpSender final : public OtlpTransport {
public:
  /// `content_type`: application/x-protobuf or application/json.
  OtlpHttpSender(HttpUrl url, std::string content_type, KeyValues headers);
  ExportResult send(const std::string &body, uint64_t timeout_ms) override;

private:
  /// One try on the kept connection (or a new one); `stale` tells that a
  /// kept connection failed (the collector may have closed it meanwhile).
  ExportResult exchange(const std::string &body, uint64_t timeout_ms, bool &stale);

  HttpUrl url_;
  std::string content_type_;
  KeyValues headers_;
  boost::asio::io_context io_;
  std::optional<boost::beast::tcp_stream> stream_;
};

} // namespace gossipper::runtime::events
