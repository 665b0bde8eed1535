//===- transport.cpp - UDP and TCP on Boost.Asio, per shard ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/transport.hpp"
#include "gossipper/runtime/udp_call_socket.hpp"

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
      c->set_scheduler(&tcp_);
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
  tcp_.flush();
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
