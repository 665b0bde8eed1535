//===- otlp_http_sender.cpp - POST /v1/logs with Boost.Beast --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/otlp_http_sender.hpp"

#include "events/retry_policy.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <ctime>

namespace gossipper::runtime::events {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

OtlpHttpSender::OtlpHttpSender(HttpUrl url, std::string content_type, KeyValues headers)
    : url_(std::move(url)), content_type_(std::move(content_type)), headers_(std::move(headers)) {}

ExportResult OtlpHttpSender::send(const std::string &body, uint64_t timeout_ms) {
  bool stale = false;
  ExportResult r = exchange(body, timeout_ms, stale);
  if (stale) {
    // A kept connection the collector had closed meanwhile: once more on a
    // new one before the error counts.
    r = exchange(body, timeout_ms, stale);
  }
  return r;
}

ExportResult OtlpHttpSender::exchange(const std::string &body, uint64_t timeout_ms, bool &stale) {
  bool reused = stream_.has_value();
  if (!stream_) {
    stream_.emplace(io_);
  }
  beast::tcp_stream &stream = *stream_;
  stream.expires_after(std::chrono::milliseconds(timeout_ms));
  http::request<http::string_body> req{http::verb::post, url_.target, 11};
  bool v6 = url_.host.find(':') != std::string::npos;
  req.set(http::field::host, (v6 ? "[" + url_.host + "]" : url_.host) + ":" + url_.port);
  req.set(http::field::content_type, content_type_);
  req.set(http::field::user_agent, "gossipper");
  for (const auto &[k, v] : headers_) {
    req.set(k, v);
  }
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  error_code failure;
  auto fail = [&](error_code ec) { failure = ec; };
  auto read = [&] {
    http::async_read(stream, buffer, parser, [&](error_code ec, size_t) { fail(ec); });
  };
  auto write = [&] {
    http::async_write(stream, req, [&](error_code ec, size_t) { ec ? fail(ec) : read(); });
  };
  asio::ip::tcp::resolver resolver(io_);
  if (reused) {
    write();
  } else {
    resolver.async_resolve(url_.host, url_.port, [&](error_code ec, auto results) {
      if (ec) {
        return fail(ec);
      }
      stream.async_connect(results,
                           [&](error_code ec2, const auto &) { ec2 ? fail(ec2) : write(); });
    });
  }
  io_.restart();
  io_.run();
  ExportResult r;
  if (failure) {
    stream_.reset();
    stale = reused && failure != beast::error::timeout;
    // An answer that is not HTTP is the collector's fault, not the
    // network's: trying again would get the same. A connection closed
    // before or inside the answer is the network's.
    bool not_http =
        failure.category() == http::make_error_code(http::error::bad_version).category() &&
        failure != http::error::end_of_stream && failure != http::error::partial_message;
    r.retryable = !not_http;
    if (failure == beast::error::timeout) {
      r.what = "no answer within " + std::to_string(timeout_ms) + " ms";
    } else {
      r.what = (not_http ? "an answer that is not HTTP: " : "") + failure.message();
    }
    return r;
  }
  const http::response<http::string_body> &res = parser.get();
  int status = static_cast<int>(res.result_int());
  if (!res.keep_alive()) {
    stream_.reset();
  }
  r.ok = status >= 200 && status < 300;
  if (r.ok) {
    return r;
  }
  r.retryable = retryable_http_status(status);
  r.what = "HTTP " + std::to_string(status);
  if (r.retryable) {
    auto it = res.find(http::field::retry_after);
    if (it != res.end()) {
      r.retry_after_ms = parse_retry_after(std::string_view(it->value().data(), it->value().size()),
                                           static_cast<int64_t>(std::time(nullptr)));
    }
  }
  return r;
}

} // namespace gossipper::runtime::events
