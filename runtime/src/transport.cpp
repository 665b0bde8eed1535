//===- transport.cpp - UDP and TCP on Boost.Asio, per shard ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <cerrno>
#include <array>
#include <cstring>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

std::string_view route_call_id(std::string_view raw, bool callid_slash_ign) {
  size_t end = raw.find("\r\n\r\n");
  std::string_view head = raw.substr(0, end);
  size_t pos = 0;
  while ((pos = head.find('\n', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view line = head.substr(pos);
    size_t name_len = 0;
    if (line.size() > 8 && strncasecmp(line.data(), "Call-ID", 7) == 0) {
      name_len = 7;
    } else if (line.size() > 2 && (line[0] == 'i' || line[0] == 'I') &&
               (line[1] == ':' || line[1] == ' ' || line[1] == '\t')) {
      name_len = 1;
    } else {
      continue;
    }
    size_t i = name_len;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    if (i >= line.size() || line[i] != ':') {
      continue;
    }
    ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    size_t e = i;
    while (e < line.size() && line[e] != '\r' && line[e] != '\n') {
      ++e;
    }
    std::string_view id = line.substr(i, e - i);
    while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) {
      id.remove_suffix(1);
    }
    if (!callid_slash_ign) {
      size_t slashes = id.find("///");
      if (slashes != std::string_view::npos) {
        id = id.substr(slashes + 3);
      }
    }
    return id;
  }
  return {};
}

uint32_t shard_of(std::string_view call_id, uint32_t shards) {
  if (shards <= 1) {
    return 0;
  }
  uint64_t h = 1469598103934665603ULL; // FNV-1a
  for (char c : call_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<uint32_t>(h % shards);
}

//===----------------------------------------------------------------------===//
// UdpCallSocket
//===----------------------------------------------------------------------===//

UdpCallSocket::UdpCallSocket(asio::io_context &io, const asio::ip::udp::endpoint &local,
                             const asio::ip::udp::endpoint &peer, uint32_t buff_size,
                             Deliver deliver)
    : socket_(io), peer_(peer), deliver_(std::move(deliver)) {
  error_code ec;
  socket_.open(local.protocol(), ec);
  if (!ec) {
    socket_.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(buff_size)), ec);
    socket_.set_option(asio::socket_base::send_buffer_size(static_cast<int>(buff_size)), ec);
    socket_.bind(local, ec);
  }
  if (!ec) {
    port_ = socket_.local_endpoint(ec).port();
  }
  if (ec) {
    closed_ = true;
  }
}

void UdpCallSocket::start() {
  if (!closed_) {
    do_receive();
  }
}

bool UdpCallSocket::send(std::string_view bytes) {
  if (closed_) {
    return false;
  }
  error_code ec;
  socket_.send_to(asio::buffer(bytes.data(), bytes.size()), peer_, 0, ec);
  // A full send buffer loses the datagram, as a network would: retransmission
  // repairs it. Only a real error fails the call.
  return !ec || ec == asio::error::would_block || ec == asio::error::no_buffer_space;
}

void UdpCallSocket::close() {
  if (!closed_) {
    closed_ = true;
    error_code ec;
    socket_.close(ec);
  }
}

void UdpCallSocket::do_receive() {
  auto self = std::static_pointer_cast<UdpCallSocket>(shared_from_this());
  socket_.async_receive_from(asio::buffer(buf_), from_,
                             [self](const error_code &ec, size_t n) { self->on_receive(ec, n); });
}

void UdpCallSocket::on_receive(const error_code &ec, size_t n) {
  if (ec) {
    if (ec == asio::error::operation_aborted || closed_) {
      return;
    }
    do_receive(); // ICMP errors (connection refused) surface here: keep reading
    return;
  }
  deliver_(std::string_view(buf_.data(), n), from_, shared_from_this());
  if (!closed_) {
    do_receive();
  }
}

//===----------------------------------------------------------------------===//
// TcpConnection
//===----------------------------------------------------------------------===//

TcpConnection::TcpConnection(asio::ip::tcp::socket socket, Deliver deliver, Closed closed,
                             std::function<void(const std::string &)> error)
    : socket_(std::move(socket)), deliver_(std::move(deliver)), closed_cb_(std::move(closed)),
      error_(std::move(error)) {
  error_code ec;
  if (socket_.is_open()) {
    port_ = socket_.local_endpoint(ec).port();
    auto remote = socket_.remote_endpoint(ec);
    if (!ec) {
      peer_as_udp_ = asio::ip::udp::endpoint(remote.address(), remote.port());
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  }
}

void TcpConnection::start() { do_read(); }

void TcpConnection::connect(const asio::ip::tcp::endpoint &peer,
                            const asio::ip::tcp::endpoint *local) {
  error_code ec;
  socket_.open(peer.protocol(), ec);
  if (!ec && local != nullptr) {
    socket_.bind(*local, ec);
  }
  if (ec) {
    fail("cannot open a TCP socket: " + ec.message());
    return;
  }
  port_ = socket_.local_endpoint(ec).port();
  peer_as_udp_ = asio::ip::udp::endpoint(peer.address(), peer.port());
  connecting_ = true;
  auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
  socket_.async_connect(peer, [self](const error_code &e) {
    self->connecting_ = false;
    if (e) {
      self->fail("TCP connection to the remote failed: " + e.message());
      return;
    }
    error_code ignored;
    self->port_ = self->socket_.local_endpoint(ignored).port();
    self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    self->do_read();
    self->do_write();
  });
}

bool TcpConnection::send(std::string_view bytes) {
  if (closed_) {
    return false;
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
  framer_.append(std::string_view(buf_.data(), n));
  std::string_view message;
  std::string why;
  auto self = shared_from_this(); // deliver may drop the last other reference
  while (true) {
    StreamFramer::Status st = framer_.next(message, why);
    if (st == StreamFramer::Status::NeedMore) {
      break;
    }
    if (st == StreamFramer::Status::Error) {
      fail("bad framing on a TCP stream (" + why + "); closing the connection");
      return;
    }
    deliver_(message, peer_as_udp_, self);
    if (closed_) {
      return;
    }
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
  error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  queue_.clear();
  if (closed_cb_) {
    closed_cb_(this);
  }
}

//===----------------------------------------------------------------------===//
// ShardTransport
//===----------------------------------------------------------------------===//

ShardTransport::ShardTransport(asio::io_context &io, const RunConfig &cfg, int shared_udp_fd,
                               uint16_t main_port, Deliver deliver, TcpConnection::Closed closed,
                               std::function<void(const std::string &)> error)
    : io_(io), cfg_(cfg), udp_fd_(shared_udp_fd), main_port_(main_port),
      deliver_(std::move(deliver)), closed_(std::move(closed)), error_(std::move(error)) {}

bool ShardTransport::send(Call &call, std::string_view bytes) {
  if (!call.connection) {
    if (cfg_.transport == TransportMode::UdpMulti && !cfg_.server_mode) {
      // -t un (client): the call's own socket, created at its first send.
      asio::ip::udp::endpoint local(asio::ip::make_address(cfg_.local_ip), 0);
      auto s = std::make_shared<UdpCallSocket>(io_, local, call.peer, cfg_.buff_size, deliver_);
      s->start();
      call.connection = s;
      call.call_port = s->local_port();
    } else if (cfg_.transport == TransportMode::TcpMulti && !cfg_.server_mode) {
      auto c = std::make_shared<TcpConnection>(asio::ip::tcp::socket(io_), deliver_, closed_, error_);
      asio::ip::tcp::endpoint peer(call.peer.address(), call.peer.port());
      asio::ip::tcp::endpoint local(asio::ip::make_address(cfg_.local_ip), 0);
      c->connect(peer, &local);
      call.connection = c;
      call.call_port = c->local_port();
    } else if (cfg_.transport == TransportMode::TcpOne) {
      call.connection = shared_tcp_;
    }
  }
  if (call.connection) {
    bool ok = call.connection->send(bytes);
    send_errors_ += ok ? 0 : 1;
    return ok;
  }
  if (udp_fd_ < 0) {
    ++send_errors_;
    return false;
  }
  QueuedDatagram q{};
  q.offset = queued_bytes_.size();
  q.length = bytes.size();
  queued_bytes_.insert(queued_bytes_.end(), bytes.begin(), bytes.end());
  q.id_offset = queued_bytes_.size();
  q.id_length = call.id.size();
  queued_bytes_.insert(queued_bytes_.end(), call.id.begin(), call.id.end());
  q.to_length = static_cast<socklen_t>(call.peer.size());
  std::memcpy(&q.to, call.peer.data(), q.to_length);
  queued_.push_back(q);
  if (queued_.size() >= kMaxQueued) {
    flush();
  }
  return true;
}

void ShardTransport::flush() {
  std::array<mmsghdr, kMaxQueued> msgs{};
  std::array<iovec, kMaxQueued> iov{};
  std::vector<std::string> failed;
  size_t done = 0;
  while (done < queued_.size()) {
    size_t n = std::min(kMaxQueued, queued_.size() - done);
    for (size_t i = 0; i < n; ++i) {
      QueuedDatagram &q = queued_[done + i];
      iov[i] = {queued_bytes_.data() + q.offset, q.length};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &q.to;
      msgs[i].msg_hdr.msg_namelen = q.to_length;
    }
    int sent = ::sendmmsg(udp_fd_, msgs.data(), static_cast<unsigned>(n), MSG_DONTWAIT);
    if (sent > 0) {
      done += static_cast<size_t>(sent);
      continue;
    }
    // The datagram at `done` was refused. A full buffer or an ICMP error
    // loses it as a network would (retransmission repairs it); a hard error
    // fails its call, as a synchronous send would have.
    int err = errno;
    if (err == EINTR) {
      continue;
    }
    if (err != EAGAIN && err != ENOBUFS && err != ECONNREFUSED) { // EWOULDBLOCK is EAGAIN here
      ++send_errors_;
      const QueuedDatagram &q = queued_[done];
      failed.emplace_back(queued_bytes_.data() + q.id_offset, q.id_length);
    }
    ++done;
  }
  queued_.clear();
  queued_bytes_.clear();
  // Reported once the queue is empty: failing a call may queue more.
  for (const std::string &id : failed) {
    if (send_failed_) {
      send_failed_(id);
    }
  }
}

void ShardTransport::release(Call &call) {
  // Detach first: closing reports the connection closed, and this call must
  // no longer be found on it.
  std::shared_ptr<Connection> c = std::move(call.connection);
  if (c && cfg_.transport != TransportMode::TcpOne) {
    // tn and un: the call owned its socket. A server's TCP connections belong
    // to the peer's dialogs, not to one call: they stay open.
    if (cfg_.transport == TransportMode::UdpMulti) {
      c->close();
    } else if (cfg_.transport == TransportMode::TcpMulti && call.call_port != 0) {
      // Close a moment later: SIPp's UAS counts a call whose connection closes
      // before it has entered <timewait> as failed (FailedTcpClosed), and it
      // enters <timewait> one loop turn after sending its last 200.
      auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(200));
      timer->async_wait([timer, c](const error_code &) { c->close(); });
    }
  }
}

uint16_t ShardTransport::local_port(const Call &call) const {
  if (is_multisocket(cfg_.transport) && call.call_port != 0) {
    return call.call_port;
  }
  return main_port_;
}

} // namespace gossipper::runtime
