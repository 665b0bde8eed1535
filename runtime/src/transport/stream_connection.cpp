//===- stream_connection.cpp - TLS and WebSocket connections --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/stream_connection.hpp"
#include "transport/client_bind.hpp"

#include <boost/asio/ssl/error.hpp>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

StreamConnection::StreamConnection(const asio::any_io_executor &executor, Deliver deliver,
                                   ConnectionClosed closed, ConnectionError error)
    : deadline_(executor), deliver_(std::move(deliver)), closed_cb_(std::move(closed)),
      error_(std::move(error)) {}

void StreamConnection::note_endpoints() {
  error_code ec;
  port_ = tcp().local_endpoint(ec).port();
  auto remote = tcp().remote_endpoint(ec);
  if (!ec) {
    peer_as_udp_ = asio::ip::udp::endpoint(remote.address(), remote.port());
  }
  tcp().set_option(asio::ip::tcp::no_delay(true), ec);
}

void StreamConnection::connect(const asio::ip::tcp::endpoint &peer,
                               const asio::ip::tcp::endpoint *local) {
  error_code ec;
  tcp().open(peer.protocol(), ec);
  if (!ec && local != nullptr) {
    bind_client(tcp(), *local, ec);
  }
  if (ec) {
    fail("cannot open a TCP socket: " + ec.message());
    return;
  }
  peer_as_udp_ = asio::ip::udp::endpoint(peer.address(), peer.port());
  arm_deadline();
  auto self = std::static_pointer_cast<StreamConnection>(shared_from_this());
  tcp().async_connect(peer, [self](const error_code &e) {
    if (self->closed_) {
      return;
    }
    if (e) {
      self->fail("TCP connection to the remote failed: " + e.message());
      return;
    }
    self->note_endpoints();
    self->do_handshake(true);
  });
  // Asio's async_connect calls connect() before it returns: the port is
  // the kernel's now, for the calls' [local_port].
  port_ = tcp().local_endpoint(ec).port();
}

void StreamConnection::start(bool client) {
  note_endpoints();
  arm_deadline();
  do_handshake(client);
}

void StreamConnection::arm_deadline() {
  auto self = std::static_pointer_cast<StreamConnection>(shared_from_this());
  deadline_.expires_after(kHandshakeDeadline);
  deadline_.async_wait([self](const error_code &e) {
    if (!e && !self->established_) {
      self->fail("the handshake did not complete in time; closing the connection");
    }
  });
}

void StreamConnection::established() {
  if (closed_) {
    return;
  }
  established_ = true;
  deadline_.cancel();
  do_read();
  if (!queue_.empty() && !writing_) {
    do_write();
  }
}

bool StreamConnection::send(std::string_view bytes) {
  if (closed_) {
    return false;
  }
  queue_.emplace_back(bytes);
  if (established_ && !writing_) {
    do_write();
  }
  return true;
}

void StreamConnection::on_written(const error_code &ec) {
  writing_ = false;
  if (ec) {
    if (ec != asio::error::operation_aborted && !closed_) {
      fail("write failed: " + ec.message());
    }
    return;
  }
  if (!queue_.empty() && !closed_) {
    do_write();
  }
}

bool StreamConnection::deliver_message(std::string_view message) {
  auto self = shared_from_this(); // deliver may drop the last other reference
  deliver_(message, peer_as_udp_, self);
  return !closed_;
}

void StreamConnection::read_failed(const error_code &ec, const char *what) {
  if (ec == asio::error::operation_aborted || closed_) {
    return;
  }
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
    close(); // the peer closed: its calls end, as on TCP
    return;
  }
  fail(std::string(what) + ": " + ec.message());
}

void StreamConnection::fail(const std::string &why) {
  if (closed_) {
    return;
  }
  if (!established_) {
    connect_failed_ = true;
  }
  if (error_) {
    error_(why);
  }
  close_socket();
}

void StreamConnection::close() {
  if (closed_) {
    return;
  }
  if (!established_) {
    close_socket();
    return;
  }
  closed_ = true;
  queue_.clear();
  // The goodbye gets a moment; then the socket goes whatever the peer does.
  auto self = std::static_pointer_cast<StreamConnection>(shared_from_this());
  deadline_.expires_after(std::chrono::milliseconds(500));
  deadline_.async_wait([self](const error_code &) {
    error_code ignored;
    self->tcp().close(ignored);
  });
  do_shutdown();
  if (closed_cb_) {
    closed_cb_(this);
  }
}

void StreamConnection::close_socket() {
  bool was_closed = closed_;
  closed_ = true;
  queue_.clear();
  deadline_.cancel();
  error_code ec;
  tcp().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  tcp().close(ec);
  if (!was_closed && closed_cb_) {
    closed_cb_(this);
  }
}

} // namespace gossipper::runtime
