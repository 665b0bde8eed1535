//===- tcp_connection.cpp - One TCP connection of a shard ------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/tcp_connection.hpp"
#include "transport/client_bind.hpp"

#include "time/clock.hpp"

#include <boost/asio/write.hpp>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

//===----------------------------------------------------------------------===//
// TcpScheduler
//===----------------------------------------------------------------------===//

void TcpScheduler::flush() {
  // A flush can close a connection, whose callbacks can send: swap first.
  std::vector<std::shared_ptr<TcpConnection>> dirty;
  dirty.swap(dirty_);
  for (auto &c : dirty) {
    c->flush_pending();
  }
}

void TcpScheduler::on_tick() {
  // Reading can deliver messages whose handling adds connections: index.
  for (size_t i = 0; i < polled_.size();) {
    std::shared_ptr<TcpConnection> &p = polled_[i];
    if (!p->polled() || !p->open()) {
      polled_[i] = std::move(polled_.back());
      polled_.pop_back();
      continue;
    }
    if (p->poll_policy().idle(p->poll_read())) {
      std::shared_ptr<TcpConnection> c = std::move(p);
      polled_[i] = std::move(polled_.back());
      polled_.pop_back();
      c->resume_events();
      continue;
    }
    ++i;
  }
}

//===----------------------------------------------------------------------===//
// TcpConnection
//===----------------------------------------------------------------------===//

TcpConnection::TcpConnection(asio::ip::tcp::socket socket, Deliver deliver, ConnectionClosed closed,
                             ConnectionError error)
    : socket_(std::move(socket)), protocol_(asio::ip::tcp::v4()), deliver_(std::move(deliver)),
      closed_cb_(std::move(closed)), error_(std::move(error)) {
  error_code ec;
  if (socket_.is_open()) {
    port_ = socket_.local_endpoint(ec).port();
    auto remote = socket_.remote_endpoint(ec);
    if (!ec) {
      peer_as_udp_ = asio::ip::udp::endpoint(remote.address(), remote.port());
      protocol_ = remote.protocol();
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  }
}

void TcpConnection::start() { do_read(); }

void TcpConnection::connect(const asio::ip::tcp::endpoint &peer,
                            const asio::ip::tcp::endpoint *local) {
  error_code ec;
  protocol_ = peer.protocol();
  socket_.open(peer.protocol(), ec);
  if (!ec && local != nullptr) {
    bind_client(socket_, *local, ec);
  }
  if (ec) {
    connect_failed_ = true;
    fail("cannot open a TCP socket: " + ec.message());
    return;
  }
  peer_as_udp_ = asio::ip::udp::endpoint(peer.address(), peer.port());
  connecting_ = true;
  auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
  socket_.async_connect(peer, [self](const error_code &e) {
    self->connecting_ = false;
    if (e) {
      self->connect_failed_ = true;
      self->fail("TCP connection to the remote failed: " + e.message());
      return;
    }
    error_code ignored;
    self->port_ = self->socket_.local_endpoint(ignored).port();
    self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    self->do_read();
    self->do_write();
  });
  // Asio's async_connect calls connect() before it returns: the port is
  // the kernel's now, for the calls' [local_port].
  error_code ignored;
  port_ = socket_.local_endpoint(ignored).port();
}

bool TcpConnection::send(std::string_view bytes) {
  if (closed_) {
    return false;
  }
  if (scheduler_ == nullptr) {
    return write_now(bytes);
  }
  if (pending_.empty()) {
    scheduler_->add_dirty(std::static_pointer_cast<TcpConnection>(shared_from_this()));
  }
  pending_.append(bytes);
  return true;
}

void TcpConnection::flush_pending() {
  if (pending_.empty() || closed_) {
    pending_.clear();
    return;
  }
  std::string bytes;
  bytes.swap(pending_);
  write_now(bytes);
}

bool TcpConnection::write_now(std::string_view bytes) {
  if (polled()) {
    ssize_t n = ::send(polled_fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) { // EWOULDBLOCK is EAGAIN here
      fail(std::string("TCP write failed: ") + std::strerror(errno));
      return false;
    }
    size_t sent = n < 0 ? 0 : static_cast<size_t>(n);
    if (sent == bytes.size()) {
      return true;
    }
    // The kernel is full: the rest waits in the reactor's hands.
    resume_events();
    if (closed_) {
      return false;
    }
    queue_.emplace_back(bytes.substr(sent));
    do_write();
    return true;
  }
  if (!connecting_ && !writing_ && queue_.empty()) {
    // Try a direct write first; queue only what the kernel did not take.
    error_code ec;
    size_t n = socket_.write_some(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      fail("TCP write failed: " + ec.message());
      return false;
    }
    if (ec) {
      n = 0;
    }
    if (n == bytes.size()) {
      return true;
    }
    queue_.emplace_back(bytes.substr(n));
    do_write();
    return true;
  }
  queue_.emplace_back(bytes);
  if (!connecting_) {
    do_write();
  }
  return true;
}

void TcpConnection::do_write() {
  if (writing_ || queue_.empty() || closed_) {
    return;
  }
  writing_ = true;
  auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
  asio::async_write(socket_, asio::buffer(queue_.front()),
                    [self](const error_code &ec, size_t n) { self->on_write(ec, n); });
}

void TcpConnection::on_write(const error_code &ec, size_t) {
  writing_ = false;
  if (ec) {
    if (ec != asio::error::operation_aborted) {
      fail("TCP write failed: " + ec.message());
    }
    return;
  }
  queue_.pop_front();
  do_write();
}

void TcpConnection::do_read() {
  if (closed_) {
    return;
  }
  auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
  socket_.async_read_some(asio::buffer(buf_),
                          [self](const error_code &ec, size_t n) { self->on_read(ec, n); });
}

bool TcpConnection::consume(std::string_view bytes) {
  auto self = shared_from_this(); // deliver may drop the last other reference
  Expected<bool> going = framer_.feed(bytes, [&](std::string_view message) {
    deliver_(message, peer_as_udp_, self);
    return !closed_;
  });
  if (!going) {
    fail("bad framing on a TCP stream (" + going.error().message + "); closing the connection");
    return false;
  }
  return *going;
}

void TcpConnection::on_read(const error_code &ec, size_t n) {
  if (ec) {
    if (ec == asio::error::operation_aborted || closed_) {
      return;
    }
    if (ec == asio::error::eof) {
      close(); // the peer closed: calls on this connection end (SIPp's tcpClose)
    } else {
      fail("TCP connection error: " + ec.message());
    }
    return;
  }
  auto self = shared_from_this();
  bool alive = consume(std::string_view(buf_.data(), n));
  if (scheduler_ != nullptr) {
    scheduler_->flush(); // the replies to what was just read
  }
  if (!alive || closed_ || polled()) {
    return;
  }
  if (busy_now()) {
    start_polling();
    return;
  }
  do_read();
}

bool TcpConnection::busy_now() {
  if (scheduler_ == nullptr) {
    return false;
  }
  return policy_.busy(steady_ms(), 0) && !writing_ && queue_.empty() && !connecting_;
}

void TcpConnection::start_polling() {
  // No operation is pending (this is the read handler, writes are idle), so
  // the descriptor can leave the reactor.
  error_code ec;
  int fd = socket_.release(ec);
  if (ec) {
    do_read();
    return;
  }
  polled_fd_ = fd;
  scheduler_->add_polled(std::static_pointer_cast<TcpConnection>(shared_from_this()));
}

size_t TcpConnection::poll_read() {
  size_t total = 0;
  auto self = shared_from_this();
  while (polled() && !closed_) {
    ssize_t n = ::recv(polled_fd_, buf_.data(), buf_.size(), MSG_DONTWAIT);
    if (n > 0) {
      total += static_cast<size_t>(n);
      if (!consume(std::string_view(buf_.data(), static_cast<size_t>(n)))) {
        break;
      }
      if (static_cast<size_t>(n) < buf_.size()) {
        break; // drained: what comes next is read on the next tick, without an EAGAIN call now
      }
      continue;
    }
    if (n == 0) {
      close(); // the peer closed
      break;
    }
    int err = errno;
    if (err == EINTR) {
      continue;
    }
    if (err != EAGAIN) { // EWOULDBLOCK is EAGAIN here
      fail(std::string("TCP connection error: ") + std::strerror(err));
    }
    break;
  }
  return total;
}

void TcpConnection::resume_events() {
  if (!polled()) {
    return;
  }
  int fd = polled_fd_;
  polled_fd_ = -1;
  error_code ec;
  socket_.assign(protocol_, fd, ec);
  if (ec) {
    ::close(fd);
    fail("cannot watch a TCP connection again: " + ec.message());
    return;
  }
  do_read();
}

void TcpConnection::fail(const std::string &why) {
  if (error_ && !closed_) {
    error_(why);
  }
  close();
}

void TcpConnection::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  if (polled()) {
    ::shutdown(polled_fd_, SHUT_RDWR);
    ::close(polled_fd_);
    polled_fd_ = -1;
  } else {
    error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }
  queue_.clear();
  pending_.clear();
  if (closed_cb_) {
    closed_cb_(this);
  }
}

} // namespace gossipper::runtime
