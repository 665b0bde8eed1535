//===- api_client.cpp - A request to a run's HTTP API ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace gossipper::tools {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ip = boost::asio::ip;

ApiAnswer api_request(const ApiEndpoint &to, http::verb method, const std::string &target,
                      const std::string &body, const std::string &content_type,
                      std::chrono::seconds timeout) {
  ApiAnswer out;
  try {
    boost::asio::io_context ioc;
    ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(to.host, std::to_string(to.port)));
    http::request<http::string_body> req(method, target, 11);
    req.set(http::field::host, to.host);
    if (!to.token.empty()) {
      req.set(http::field::authorization, "Bearer " + to.token);
    }
    if (!body.empty()) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64UL * 1024 * 1024); // a run's summary can be large
    http::read(stream, buf, parser);
    const auto &res = parser.get();
    out.status = res.result_int();
    out.body = res.body();
    out.content_type = std::string(res[http::field::content_type]);
    out.disposition = std::string(res[http::field::content_disposition]);
    out.allow = std::string(res[http::field::allow]);
    beast::error_code ignored;
    stream.socket().shutdown(ip::tcp::socket::shutdown_both, ignored);
  } catch (const std::exception &e) {
    out.status = 0; // not listening yet, or gone: the caller says what that means
    out.error = e.what();
  }
  return out;
}

} // namespace gossipper::tools
