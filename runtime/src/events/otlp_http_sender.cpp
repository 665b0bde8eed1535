//===- otlp_http_sender.cpp - POST /v1/logs with Boost.Beast --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/otlp_http_sender.hpp"

#include "events/retry_policy.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <chrono>
#include <ctime>
#include <type_traits>

namespace gossipper::runtime::events {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

OtlpHttpSender::OtlpHttpSender(HttpUrl url, std::string content_type, KeyValues headers,
                               std::shared_ptr<asio::ssl::context> tls)
    : url_(std::move(url)), content_type_(std::move(content_type)), headers_(std::move(headers)),
      tls_(std::move(tls)) {}

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

void OtlpHttpSender::name_peer(TlsStream &stream) const {
  SSL *ssl = stream.native_handle();
  error_code not_ip;
  asio::ip::make_address(url_.host, not_ip);
  if (not_ip) {
    // SNI carries names only (RFC 6066), and the certificate must carry
    // this one.
    // (SSL_set_tlsext_host_name is a macro with a C cast.)
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char *>(url_.host.c_str()));
    SSL_set1_host(ssl, url_.host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str());
  }
}

std::string OtlpHttpSender::tls_failure(error_code ec) {
  std::string what = "TLS: " + ec.message();
  long verdict = SSL_get_verify_result(secure_->native_handle());
  if (verdict != X509_V_OK) {
    what += std::string(" (") + X509_verify_cert_error_string(verdict) + ")";
  }
  return what;
}

template <class Stream>
error_code OtlpHttpSender::run_exchange(Stream &stream, bool reused, const std::string &body,
                                        uint64_t timeout_ms, Answer &answer) {
  beast::tcp_stream &tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(std::chrono::milliseconds(timeout_ms));
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
  auto start = [&] {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      stream.async_handshake(asio::ssl::stream_base::client,
                             [&](error_code ec) { ec ? fail(ec) : write(); });
    } else {
      write();
    }
  };
  asio::ip::tcp::resolver resolver(io_);
  if (reused) {
    write();
  } else {
    resolver.async_resolve(url_.host, url_.port, [&](error_code ec, auto results) {
      if (ec) {
        return fail(ec);
      }
      tcp.async_connect(results, [&](error_code ec2, const auto &) { ec2 ? fail(ec2) : start(); });
    });
  }
  io_.restart();
  io_.run();
  if (failure) {
    return failure;
  }
  const http::response<http::string_body> &res = parser.get();
  answer.status = static_cast<int>(res.result_int());
  answer.keep_alive = res.keep_alive();
  auto it = res.find(http::field::retry_after);
  if (it != res.end()) {
    answer.retry_after_ms =
        parse_retry_after(std::string_view(it->value().data(), it->value().size()),
                          static_cast<int64_t>(std::time(nullptr)));
  }
  return {};
}

ExportResult OtlpHttpSender::exchange(const std::string &body, uint64_t timeout_ms, bool &stale) {
  bool reused = tls_ ? secure_.has_value() : plain_.has_value();
  if (!reused && tls_) {
    secure_.emplace(io_, *tls_);
    name_peer(*secure_);
  } else if (!reused) {
    plain_.emplace(io_);
  }
  Answer answer;
  error_code failure = tls_ ? run_exchange(*secure_, reused, body, timeout_ms, answer)
                            : run_exchange(*plain_, reused, body, timeout_ms, answer);
  ExportResult r;
  if (failure) {
    // A TLS failure (an untrusted or misnamed certificate above all) would
    // fail the same way again: final, like a 400.
    bool tls_refused = tls_ && failure.category() == asio::error::get_ssl_category();
    std::string tls_what = tls_refused ? tls_failure(failure) : std::string();
    plain_.reset();
    secure_.reset();
    stale = reused && failure != beast::error::timeout;
    // An answer that is not HTTP is the collector's fault, not the
    // network's: trying again would get the same. A connection closed
    // before or inside the answer is the network's.
    bool not_http =
        failure.category() == http::make_error_code(http::error::bad_version).category() &&
        failure != http::error::end_of_stream && failure != http::error::partial_message;
    r.retryable = !not_http && !tls_refused;
    if (tls_refused) {
      r.what = tls_what;
    } else if (failure == beast::error::timeout) {
      r.what = "no answer within " + std::to_string(timeout_ms) + " ms";
    } else {
      r.what = (not_http ? "an answer that is not HTTP: " : "") + failure.message();
    }
    return r;
  }
  if (!answer.keep_alive) {
    plain_.reset();
    secure_.reset();
  }
  r.ok = answer.status >= 200 && answer.status < 300;
  if (r.ok) {
    return r;
  }
  r.retryable = retryable_http_status(answer.status);
  r.what = "HTTP " + std::to_string(answer.status);
  if (r.retryable) {
    r.retry_after_ms = answer.retry_after_ms;
  }
  return r;
}

} // namespace gossipper::runtime::events
