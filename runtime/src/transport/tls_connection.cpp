//===- tls_connection.cpp - A SIP over TLS connection (l1/ln) -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/stream_framer.hpp"
#include "transport/stream_connection.hpp"
#include "transport/tls_context.hpp"
#include "transport/tls_handshake_pool.hpp"

#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <optional>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

class TlsConnection final : public StreamConnection {
public:
  TlsConnection(asio::ip::tcp::socket socket, TlsContexts &tls, bool server, Deliver deliver,
                ConnectionClosed closed, ConnectionError error)
      : StreamConnection(socket.get_executor(), std::move(deliver), std::move(closed),
                         std::move(error)),
        socket_(std::move(socket)), tls_(tls), server_(server) {}

private:
  /// Until the handshake ends the socket is bare; then it is the stream's.
  asio::ip::tcp::socket &tcp() override { return stream_ ? stream_->next_layer() : socket_; }

  void do_handshake(bool client) override {
    auto self = std::static_pointer_cast<TlsConnection>(shared_from_this());
    auto open = [self](SSL *ssl) -> asio::ssl::stream<asio::ip::tcp::socket> & {
      return self->stream_.emplace(std::move(self->socket_), ssl);
    };
    if (!start_tls_handshake(tls_, socket_, server_, client, open,
                             [self](const error_code &ec) { self->on_handshake(ec); })) {
      fail("cannot start a TLS session (out of memory)");
    }
  }

  void on_handshake(const error_code &ec) {
    if (closed()) {
      return;
    }
    if (ec) {
      fail("TLS handshake failed: " + tls_failure(ec, stream_->native_handle()));
      return;
    }
    tls_.completed(stream_->native_handle());
    established();
  }

  void do_read() override {
    reading_ = true;
    auto self = std::static_pointer_cast<TlsConnection>(shared_from_this());
    stream_->async_read_some(asio::buffer(buf_),
                             [self](const error_code &ec, size_t n) { self->on_read(ec, n); });
  }

  void on_read(const error_code &ec, size_t n) {
    reading_ = false;
    if (shutting_down_) {
      say_goodbye(); // the read is over, so the goodbye may read and write the stream
      return;
    }
    if (ec) {
      read_failed(ec, "TLS connection error");
      return;
    }
    Expected<bool> going = framer_.feed(std::string_view(buf_.data(), n),
                                        [this](std::string_view m) { return deliver_message(m); });
    if (!going) {
      fail("bad framing on a TLS stream (" + going.error().message + "); closing the connection");
      return;
    }
    if (*going) {
      do_read();
    }
  }

  void do_write() override {
    // Everything queued leaves in one TLS write: fewer records, fewer calls.
    writing_ = true;
    out_.clear();
    for (const std::string &m : queue_) {
      out_ += m;
    }
    queue_.clear();
    auto self = std::static_pointer_cast<TlsConnection>(shared_from_this());
    asio::async_write(*stream_, asio::buffer(out_),
                      [self](const error_code &ec, size_t) { self->on_written(ec); });
  }

  void do_shutdown() override {
    // The stream allows no shutdown while a read is pending: end it; its
    // handler sends the close_notify. None is pending when the peer's
    // close_notify ended the last read: ours answers it now, or the peer
    // would read a truncated stream when the deadline closes the socket.
    shutting_down_ = true;
    if (!reading_) {
      say_goodbye();
      return;
    }
    error_code ignored;
    tcp().cancel(ignored);
  }

  void say_goodbye() {
    auto self = std::static_pointer_cast<TlsConnection>(shared_from_this());
    stream_->async_shutdown([self](const error_code &) {
      error_code ignored;
      self->tcp().close(ignored);
    });
  }

  asio::ip::tcp::socket socket_;
  std::optional<asio::ssl::stream<asio::ip::tcp::socket>> stream_;
  TlsContexts &tls_;
  bool server_;
  std::array<char, 65536> buf_; // unwritten until read into: no page is touched for nothing
  StreamFramer framer_;
  std::string out_;
  bool shutting_down_ = false;
  bool reading_ = false; ///< a read is pending
};

} // namespace

std::shared_ptr<StreamConnection> make_tls_connection(asio::ip::tcp::socket socket,
                                                      TlsContexts &tls, bool server,
                                                      Deliver deliver, ConnectionClosed closed,
                                                      ConnectionError error) {
  return std::make_shared<TlsConnection>(std::move(socket), tls, server, std::move(deliver),
                                         std::move(closed), std::move(error));
}

} // namespace gossipper::runtime
