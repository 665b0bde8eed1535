//===- websocket_connection.cpp - SIP over WebSocket (RFC 7118) -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One SIP message per WebSocket message, both ways, with the "sip"
// subprotocol; over TLS for ws1/wsn. SIPp has no WebSocket transport.
//
//===----------------------------------------------------------------------===//
#include "transport/stream_connection.hpp"
#include "transport/tls_context.hpp"
#include "transport/tls_handshake_pool.hpp"

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <optional>
#include <type_traits>

namespace gossipper::runtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

namespace {

/// A SIP message is far smaller; a frame announcing more is refused.
constexpr size_t kMaxMessage = 1 << 20;

template <class Next> class WebSocketConnection final : public StreamConnection {
public:
  static constexpr bool kSecure = !std::is_same_v<Next, asio::ip::tcp::socket>;

  WebSocketConnection(asio::ip::tcp::socket socket, TlsContexts *tls, bool server, std::string host,
                      Deliver deliver, ConnectionClosed closed, ConnectionError error)
      : StreamConnection(socket.get_executor(), std::move(deliver), std::move(closed),
                         std::move(error)),
        socket_(std::move(socket)), tls_(tls), server_(server), host_(std::move(host)) {}

private:
  /// The stream over `socket_` once the TLS handshake (if any) is done, or
  /// going on in Asio's stream; `args`: what the next layer takes after the
  /// socket (a context, or an established SSL).
  template <class... Args> void open_stream(Args &&...args) {
    ws_.emplace(std::move(socket_), std::forward<Args>(args)...);
    ws_->read_message_max(kMaxMessage);
  }

  /// Until the stream exists the socket is bare.
  asio::ip::tcp::socket &tcp() override { return ws_ ? beast::get_lowest_layer(*ws_) : socket_; }

  void do_handshake(bool client) override {
    auto self = std::static_pointer_cast<WebSocketConnection>(shared_from_this());
    if constexpr (kSecure) {
      auto open = [self](SSL *ssl) -> Next & {
        self->open_stream(ssl);
        return self->ws_->next_layer();
      };
      if (!start_tls_handshake(
              *tls_, socket_, server_, client, open,
              [self, client](const error_code &ec) { self->on_tls_handshake(ec, client); })) {
        fail("cannot start a TLS session (out of memory)");
      }
    } else {
      open_stream();
      upgrade(client);
    }
  }

  void on_tls_handshake(const error_code &ec, bool client) {
    if (closed()) {
      return;
    }
    if (ec) {
      fail("TLS handshake failed: " + tls_failure(ec, ws_->next_layer().native_handle()));
      return;
    }
    tls_->completed(ws_->next_layer().native_handle());
    upgrade(client);
  }

  void upgrade(bool client) {
    auto self = std::static_pointer_cast<WebSocketConnection>(shared_from_this());
    auto done = [self](const error_code &ec) {
      if (self->closed()) {
        return;
      }
      if (ec) {
        self->fail("WebSocket handshake failed: " + ec.message());
        return;
      }
      self->established();
    };
    if (client) {
      ws_->set_option(websocket::stream_base::decorator([](websocket::request_type &req) {
        req.set(beast::http::field::sec_websocket_protocol, "sip");
      }));
      ws_->async_handshake(host_, "/", done);
    } else {
      // The upgrade request is read first: "sip" is granted only to a client
      // that asked for it (RFC 6455 forbids answering with another).
      beast::http::async_read(ws_->next_layer(), in_, upgrade_,
                              [self, done](const error_code &ec, size_t) {
                                if (self->closed()) {
                                  return;
                                }
                                if (ec) {
                                  self->fail("WebSocket handshake failed: " + ec.message());
                                  return;
                                }
                                self->accept(done);
                              });
    }
  }

  template <class Done> void accept(Done done) {
    in_.consume(in_.size());
    bool sip = false;
    for (auto token :
         beast::http::token_list(upgrade_[beast::http::field::sec_websocket_protocol])) {
      sip = sip || beast::iequals(token, "sip");
    }
    ws_->set_option(websocket::stream_base::decorator([sip](websocket::response_type &res) {
      if (sip) {
        res.set(beast::http::field::sec_websocket_protocol, "sip");
      }
    }));
    ws_->async_accept(upgrade_, done);
  }

  void do_read() override {
    auto self = std::static_pointer_cast<WebSocketConnection>(shared_from_this());
    ws_->async_read(in_, [self](const error_code &ec, size_t) { self->on_read(ec); });
  }

  void on_read(const error_code &ec) {
    if (ec == websocket::error::closed) {
      close(); // the peer's close frame
      return;
    }
    if (ec) {
      read_failed(ec, "WebSocket connection error");
      return;
    }
    auto data = in_.cdata();
    std::string_view message(static_cast<const char *>(data.data()), data.size());
    bool alive = deliver_message(message);
    in_.consume(in_.size());
    if (alive) {
      do_read();
    }
  }

  void do_write() override {
    writing_ = true;
    out_ = std::move(queue_.front());
    queue_.pop_front();
    ws_->text(true);
    auto self = std::static_pointer_cast<WebSocketConnection>(shared_from_this());
    ws_->async_write(asio::buffer(out_),
                     [self](const error_code &ec, size_t) { self->on_written(ec); });
  }

  void do_shutdown() override {
    auto self = std::static_pointer_cast<WebSocketConnection>(shared_from_this());
    ws_->async_close(websocket::close_code::normal, [self](const error_code &) {
      error_code ignored;
      self->tcp().close(ignored);
    });
  }

  asio::ip::tcp::socket socket_;
  std::optional<websocket::stream<Next>> ws_;
  TlsContexts *tls_;
  bool server_;
  std::string host_;
  beast::flat_buffer in_;
  beast::http::request<beast::http::empty_body> upgrade_;
  std::string out_;
};

} // namespace

std::shared_ptr<StreamConnection> make_websocket_connection(asio::ip::tcp::socket socket,
                                                            TlsContexts *tls, bool server,
                                                            std::string host, Deliver deliver,
                                                            ConnectionClosed closed,
                                                            ConnectionError error) {
  if (tls != nullptr) {
    return std::make_shared<WebSocketConnection<asio::ssl::stream<asio::ip::tcp::socket>>>(
        std::move(socket), tls, server, std::move(host), std::move(deliver), std::move(closed),
        std::move(error));
  }
  return std::make_shared<WebSocketConnection<asio::ip::tcp::socket>>(
      std::move(socket), nullptr, server, std::move(host), std::move(deliver), std::move(closed),
      std::move(error));
}

} // namespace gossipper::runtime
