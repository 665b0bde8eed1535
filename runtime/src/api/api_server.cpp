//===- api_server.cpp - The API's sockets, on a thread of their own -------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Boost.Beast's asynchronous server shape: an acceptor, an HTTP session per
// connection (plain or TLS) that reads the header first so that the body's
// limit can depend on the route, and a WebSocket session per /live client
// with a bounded queue: a client that does not read loses frames (counted),
// never stalls anything. Everything runs on the API's one thread, so the
// routes and the live history need no lock; the run is reached only through
// RunControl, which is safe from any thread. What each route answers is in
// api_routes.cpp.
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/api_server.hpp"

#include "api/api_routes.hpp"
#include "api/metrics_endpoint.hpp"
#include "api/run_api.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <optional>
#include <pthread.h>
#include <thread>

namespace gossipper::runtime {
namespace api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

/// Past these, a new connection is closed at once and a new /live client
/// refused: thousands of clients cannot take the run's descriptors.
constexpr size_t kMaxConnections = 512;
constexpr size_t kMaxLiveClients = 128;
/// Frames waiting for a slow /live client; past it, frames are dropped.
constexpr size_t kMaxQueuedFrames = 8;
constexpr int kLiveSendBuffer = 64 * 1024;
constexpr auto kRequestTimeout = std::chrono::seconds(30);

class LiveClient {
public:
  virtual ~LiveClient() = default;
  virtual void push(const std::shared_ptr<const std::string> &frame) = 0;
};

class Server;

/// What the sessions share of the server.
struct Shared {
  ApiHandler *handler = nullptr;
  ssl::context *tls = nullptr; ///< null: plain HTTP
  size_t connections = 0;
  uint64_t dropped_frames = 0;
  std::vector<std::weak_ptr<LiveClient>> live;
  std::shared_ptr<const std::string> latest; ///< the last frame, for a new client
};

template <class Stream>
class LiveSession final : public LiveClient,
                          public std::enable_shared_from_this<LiveSession<Stream>> {
public:
  LiveSession(Stream &&stream, Shared &shared) : ws_(std::move(stream)), shared_(shared) {}

  void run(const http::request<http::string_body> &req) {
    websocket::stream_base::timeout t =
        websocket::stream_base::timeout::suggested(beast::role_type::server);
    t.idle_timeout = std::chrono::seconds(30); // a client that reads nothing answers no ping
    ws_.set_option(t);
    ws_.read_message_max(4096);
    // The kernel's share of a slow client's backlog stays small too: past it
    // our queue fills and frames are dropped, instead of megabytes piling up
    // per client (the kernel would grow the buffer to tcp_wmem's maximum).
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(
        net::socket_base::send_buffer_size(kLiveSendBuffer), ignored);
    ws_.async_accept(req,
                     beast::bind_front_handler(&LiveSession::on_accept, this->shared_from_this()));
  }

  void push(const std::shared_ptr<const std::string> &frame) override {
    if (!accepted_) {
      return; // the handshake is not over: nothing may be written yet
    }
    if (queue_.size() >= kMaxQueuedFrames) {
      ++shared_.dropped_frames;
      return;
    }
    queue_.push_back(frame);
    if (!writing_) {
      do_write();
    }
  }

private:
  void on_accept(beast::error_code ec) {
    if (ec) {
      return;
    }
    accepted_ = true;
    if (shared_.latest) {
      push(shared_.latest);
    }
    do_read();
  }
  void do_read() {
    ws_.async_read(buf_,
                   beast::bind_front_handler(&LiveSession::on_read, this->shared_from_this()));
  }
  void on_read(beast::error_code ec, size_t /*bytes*/) {
    if (ec) {
      return; // closed: the last handler's end frees the session
    }
    buf_.consume(buf_.size()); // what a client says is not read
    do_read();
  }
  void do_write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&LiveSession::on_write, this->shared_from_this()));
  }
  void on_write(beast::error_code ec, size_t /*bytes*/) {
    queue_.pop_front();
    writing_ = false;
    if (!ec && !queue_.empty()) {
      do_write();
    }
  }

  websocket::stream<Stream> ws_;
  Shared &shared_;
  beast::flat_buffer buf_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool accepted_ = false;
};

template <class Stream>
class HttpSession final : public std::enable_shared_from_this<HttpSession<Stream>> {
public:
  HttpSession(Stream &&stream, Shared &shared, std::string remote)
      : stream_(std::move(stream)), shared_(shared), remote_(std::move(remote)) {
    ++shared_.connections;
  }
  ~HttpSession() { --shared_.connections; }
  HttpSession(const HttpSession &) = delete;
  HttpSession &operator=(const HttpSession &) = delete;

  void run() {
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      stream_.async_handshake(
          ssl::stream_base::server,
          beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
    } else {
      do_read();
    }
  }

private:
  void on_handshake(beast::error_code ec) {
    if (!ec) {
      do_read();
    }
  }
  void do_read() {
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    // The route decides the limit (on_header): none while the header is read.
    parser_->body_limit(boost::none);
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    http::async_read_header(
        stream_, buf_, *parser_,
        beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
  }
  void on_header(beast::error_code ec, size_t /*bytes*/) {
    if (ec) {
      return;
    }
    const auto &req = parser_->get();
    size_t limit = body_limit(req.method_string(), req.target());
    if (parser_->content_length() && *parser_->content_length() > limit) {
      respond(error_response({413, "too_large", "the body is larger than this route takes"}),
              false);
      return;
    }
    parser_->body_limit(limit);
    if (websocket::is_upgrade(req)) {
      upgrade();
      return;
    }
    http::async_read(stream_, buf_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
  }
  void on_read(beast::error_code ec, size_t /*bytes*/) {
    if (ec == http::error::body_limit) {
      respond(error_response({413, "too_large", "the body is larger than this route takes"}),
              false);
      return;
    }
    if (ec) {
      return;
    }
    const auto &req = parser_->get();
    respond(shared_.handler->handle(request_of(req)), req.keep_alive());
  }
  [[nodiscard]] Request request_of(const http::request<http::string_body> &req) const {
    Request r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    r.body = req.body();
    r.content_type = std::string(req[http::field::content_type]);
    r.authorization = std::string(req[http::field::authorization]);
    r.remote = remote_;
    return r;
  }
  void upgrade() {
    http::request<http::string_body> req = parser_->release();
    Request r = request_of(req);
    if (split_target(r.target).path != "/api/v1/live" || !shared_.handler->live()) {
      respond(error_response({404, "not_found", "no WebSocket at " + r.target}), false);
    } else if (!shared_.handler->authorized(r)) {
      respond(error_response({401, "unauthorized", "a token is needed: ?token=TOKEN"}), false);
    } else if (live_clients() >= kMaxLiveClients) {
      respond(error_response({503, "too_many_clients", "too many /live clients"}), false);
    } else {
      beast::get_lowest_layer(stream_).expires_never(); // the WebSocket times out itself
      auto session = std::make_shared<LiveSession<Stream>>(std::move(stream_), shared_);
      // Counted from now: upgrades at the same moment cannot pass the limit.
      shared_.live.push_back(session);
      session->run(req);
    }
  }
  [[nodiscard]] size_t live_clients() const {
    size_t n = 0;
    for (const auto &w : shared_.live) {
      n += w.expired() ? 0 : 1;
    }
    return n;
  }
  void respond(const Response &out, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(out.status);
    res->set(http::field::server, "gossipper");
    res->set(http::field::content_type, out.content_type);
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    if (!out.allow.empty()) {
      res->set(http::field::allow, out.allow);
    }
    if (!out.disposition.empty()) {
      res->set(http::field::content_disposition, out.disposition);
    }
    res->body() = out.body;
    res->keep_alive(keep_alive);
    res->prepare_payload();
    if (parser_ && parser_->get().method() == http::verb::head) {
      res->body().clear(); // Content-Length stays that of the GET
    }
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
                        self->on_write(ec, res->keep_alive());
                      });
  }
  void on_write(beast::error_code ec, bool keep_alive) {
    if (ec) {
      return;
    }
    if (!keep_alive) {
      beast::error_code ignored;
      beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
      drain();
      return;
    }
    do_read();
  }
  /// Reads (and drops) what the client still sends after a refusal, for a
  /// while: closing with unread bytes would reset the connection before the
  /// client has read the answer (a 413 for a body it is still sending).
  void drain() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    beast::get_lowest_layer(stream_).async_read_some(
        net::buffer(discard_), [self = this->shared_from_this()](beast::error_code ec, size_t) {
          if (!ec) {
            self->drain();
          }
        });
  }

  Stream stream_;
  Shared &shared_;
  std::string remote_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::array<char, 4096> discard_{};
};

class Server final : public ApiServer {
public:
  Server(const ApiOptions &options, std::unique_ptr<ApiHandler> handler)
      : options_(options), handler_(std::move(handler)) {
    shared_.handler = handler_.get();
  }
  ~Server() override { stop(); }
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  Expected<void> open() {
    if (!options_.tls_cert.empty() || !options_.tls_key.empty()) {
      if (Expected<void> tls = open_tls(); !tls) {
        return tls;
      }
    }
    beast::error_code ec;
    net::ip::address address = net::ip::make_address(options_.host, ec);
    if (ec) {
      return Error{options_.address_option + ": '" + options_.host + "' is not an IP address"};
    }
    if (!address.is_loopback() && options_.token.empty()) {
      return Error{options_.address_option + " " + options_.host +
                   " is reachable from other machines: give -api_token (or bind 127.0.0.1)"};
    }
    tcp::endpoint ep(address, options_.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) {
      acceptor_.set_option(net::socket_base::reuse_address(true), ec);
      acceptor_.bind(ep, ec);
    }
    if (!ec) {
      acceptor_.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return Error{options_.address_option + ": cannot listen on " + options_.host + ":" +
                   std::to_string(options_.port) + ": " + ec.message()};
    }
    port_ = acceptor_.local_endpoint().port();
    sample(); // the first point and frame before any client comes
    do_accept();
    tick();
    thread_ = std::thread([this] {
      // Named: top -H and the API's benchmark tell its CPU from the run's.
      pthread_setname_np(pthread_self(), "gossipper-api");
      ioc_.run();
    });
    return {};
  }

  [[nodiscard]] uint16_t port() const override { return port_; }

  void stop() override {
    if (!thread_.joinable()) {
      return;
    }
    ioc_.stop();
    thread_.join();
  }

private:
  Expected<void> open_tls() {
    tls_.emplace(ssl::context::tls_server);
    beast::error_code ec;
    tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    tls_->use_certificate_chain_file(options_.tls_cert, ec);
    if (ec) {
      return Error{"-api_tls_cert: cannot use '" + options_.tls_cert + "': " + ec.message()};
    }
    tls_->use_private_key_file(options_.tls_key, ssl::context::pem, ec);
    if (ec) {
      return Error{"-api_tls_key: cannot use '" + options_.tls_key + "': " + ec.message()};
    }
    shared_.tls = &*tls_;
    return {};
  }

  void do_accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) {
        return;
      }
      if (ec) {
        // Out of descriptors, say: the connection stays queued, so accepting
        // again at once would spin. A pause, then the queue again.
        accept_pause_.expires_after(std::chrono::milliseconds(50));
        accept_pause_.async_wait([this](beast::error_code e) {
          if (!e) {
            do_accept();
          }
        });
        return;
      }
      on_accept(std::move(socket));
      do_accept();
    });
  }

  void on_accept(tcp::socket socket) {
    if (shared_.connections >= kMaxConnections) {
      // Said, not just dropped: a short answer fits a new socket's buffer.
      static const std::string kBusy = [] {
        std::string body = "{\"error\":\"too many connections to the API (the most is " +
                           std::to_string(kMaxConnections) + ")\",\"code\":\"too_many_clients\"}";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
               "Content-Length: " +
               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      }();
      beast::error_code ignored;
      // What the client sent already is read first, or closing would reset
      // the connection under the answer; nothing here waits.
      socket.non_blocking(true, ignored);
      std::array<char, 4096> request{};
      socket.read_some(net::buffer(request), ignored);
      net::write(socket, net::buffer(kBusy), ignored);
      socket.shutdown(tcp::socket::shutdown_send, ignored);
      socket.close(ignored);
      return;
    }
    beast::error_code ec;
    tcp::endpoint peer = socket.remote_endpoint(ec);
    std::string remote = ec ? "?" : peer.address().to_string() + ":" + std::to_string(peer.port());
    if (tls_) {
      std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
          beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *tls_),
          shared_, remote)
          ->run();
    } else {
      std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)),
                                                       shared_, remote)
          ->run();
    }
  }

  /// The frame every /live client gets (the run's: a point of its history).
  void sample() {
    std::string frame = handler_->sample(shared_.dropped_frames);
    shared_.latest =
        frame.empty() ? nullptr : std::make_shared<const std::string>(std::move(frame));
  }

  void tick() {
    timer_.expires_after(std::chrono::milliseconds(options_.live_interval_ms));
    timer_.async_wait([this](beast::error_code ec) {
      if (ec) {
        return;
      }
      sample();
      std::erase_if(shared_.live, [](const auto &w) { return w.expired(); });
      for (const auto &w : shared_.live) {
        if (auto client = w.lock(); client && shared_.latest) {
          client->push(shared_.latest);
        }
      }
      tick();
    });
  }

  ApiOptions options_;
  std::unique_ptr<ApiHandler> handler_;
  Shared shared_;
  std::optional<ssl::context> tls_;
  uint16_t port_ = 0;
  std::thread thread_;
  // Last: destroyed first, with the handlers (and sessions) it still holds.
  net::io_context ioc_{1};
  tcp::acceptor acceptor_{ioc_};
  net::steady_timer timer_{ioc_};
  net::steady_timer accept_pause_{ioc_};
};

} // namespace
} // namespace api

Expected<std::unique_ptr<ApiServer>> ApiServer::start(const ApiOptions &options, ApiSources sources,
                                                      RunControl &run) {
  auto handler = std::make_unique<api::RunApi>(options, std::move(sources), run);
  if (Expected<void> opened = handler->open(); !opened) {
    return opened.error();
  }
  return serve(options, std::move(handler));
}

Expected<std::unique_ptr<ApiServer>> ApiServer::start_metrics(const ApiOptions &options,
                                                              ApiSources sources, RunControl &run) {
  return serve(options, api::metrics_handler(options, std::move(sources), run));
}

Expected<std::unique_ptr<ApiServer>> ApiServer::serve(const ApiOptions &options,
                                                      std::unique_ptr<ApiHandler> handler) {
  auto server = std::make_unique<api::Server>(options, std::move(handler));
  if (Expected<void> opened = server->open(); !opened) {
    return opened.error();
  }
  return std::unique_ptr<ApiServer>(std::move(server));
}

Expected<void> parse_api_address(std::string_view text, ApiOptions &options) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Error{options.address_option + ": '" + std::string(text) + "' is not HOST:PORT"};
  }
  std::string host(text.substr(0, colon));
  std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned long value = 0;
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) {
    digits = digits && c >= '0' && c <= '9';
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  if (!digits || value > 65535) {
    return Error{options.address_option + ": '" + std::string(port) + "' is not a port"};
  }
  options.host = host.empty() ? "127.0.0.1" : host;
  options.port = static_cast<uint16_t>(value);
  return {};
}

} // namespace gossipper::runtime
