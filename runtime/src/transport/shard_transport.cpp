//===- shard_transport.cpp - A shard's sockets -----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/shard_transport.hpp"
#include "transport/stream_connection.hpp"
#include "transport/udp_call_socket.hpp"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

//===----------------------------------------------------------------------===//
// ShardTransport
//===----------------------------------------------------------------------===//

ShardTransport::ShardTransport(asio::io_context &io, const RunConfig &cfg, TlsContexts *tls,
                               int shared_udp_fd, uint16_t main_port, Deliver deliver,
                               ConnectionClosed closed, ConnectionError error)
    : io_(io), cfg_(cfg), tls_(tls), udp_fd_(shared_udp_fd), main_port_(main_port),
      deliver_(std::move(deliver)), closed_(std::move(closed)), error_(std::move(error)),
      udp_(shared_udp_fd, cfg.udp_gso),
      socket_limit_(std::max<size_t>(1, cfg.max_socket / std::max(1U, cfg.threads))) {}

std::string ShardTransport::websocket_host() const {
  std::string host = cfg_.remote_host.empty() ? cfg_.remote_ip : cfg_.remote_host;
  if (host.find(':') != std::string::npos) {
    host = "[" + host + "]";
  }
  return host + ":" + std::to_string(cfg_.remote_port);
}

std::shared_ptr<StreamConnection> ShardTransport::make_stream(asio::ip::tcp::socket socket,
                                                              bool server) {
  if (is_websocket(cfg_.transport)) {
    return make_websocket_connection(std::move(socket), uses_tls(cfg_.transport) ? tls_ : nullptr,
                                     server, websocket_host(), deliver_, closed_, error_);
  }
  return make_tls_connection(std::move(socket), *tls_, server, deliver_, closed_, error_);
}

std::shared_ptr<Connection> ShardTransport::connect_stream(const asio::ip::tcp::endpoint &peer,
                                                           const asio::ip::tcp::endpoint *local) {
  if (!uses_tls(cfg_.transport) && !is_websocket(cfg_.transport)) {
    auto c = std::make_shared<TcpConnection>(asio::ip::tcp::socket(io_), deliver_, closed_, error_);
    c->set_scheduler(&tcp_);
    c->connect(peer, local);
    return c;
  }
  auto c = make_stream(asio::ip::tcp::socket(io_), false);
  c->connect(peer, local);
  return c;
}

std::shared_ptr<Connection> ShardTransport::start_stream(asio::ip::tcp::socket socket,
                                                         bool server) {
  if (!uses_tls(cfg_.transport) && !is_websocket(cfg_.transport)) {
    auto c = std::make_shared<TcpConnection>(std::move(socket), deliver_, closed_, error_);
    c->set_scheduler(&tcp_);
    c->start();
    return c;
  }
  auto c = make_stream(std::move(socket), server);
  c->start(!server);
  return c;
}

std::shared_ptr<Connection> ShardTransport::open_call_socket(const Call &call) {
  asio::ip::address local_ip = asio::ip::make_address(cfg_.local_ip);
  if (cfg_.transport == TransportMode::UdpPerIp) {
    error_code ec;
    local_ip = asio::ip::make_address(call.peek().source_ip, ec);
    if (ec) {
      error_("-t ui: '" + call.peek().source_ip + "' (-ip_field " + std::to_string(cfg_.ip_field) +
             ") is not an IP address; the call sends from " + cfg_.local_ip);
      local_ip = asio::ip::make_address(cfg_.local_ip);
    }
  }
  if (is_udp(cfg_.transport)) {
    // SIPp binds a ui address's socket to the main socket's port; -t un
    // sockets take any port.
    uint16_t port = cfg_.transport == TransportMode::UdpPerIp ? main_port_ : 0;
    auto s = std::make_shared<UdpCallSocket>(io_, asio::ip::udp::endpoint(local_ip, port),
                                             call.peer, cfg_.buff_size, deliver_);
    if (!s->is_open() && port != 0) {
      if (!warned_source_port_) {
        warned_source_port_ = true;
        error_("-t ui: cannot bind " + local_ip.to_string() + ":" + std::to_string(port) +
               " (in use); calls from such an address send from another port");
      }
      s = std::make_shared<UdpCallSocket>(io_, asio::ip::udp::endpoint(local_ip, 0), call.peer,
                                          cfg_.buff_size, deliver_);
    }
    s->start();
    return s;
  }
  asio::ip::tcp::endpoint peer(call.peer.address(), call.peer.port());
  asio::ip::tcp::endpoint local(local_ip, 0);
  return connect_stream(peer, &local);
}

std::shared_ptr<Connection> ShardTransport::source_socket(const Call &call) {
  // SIPp keeps these sockets for the whole run: they carry no user count,
  // so releasing a call never closes one.
  auto it = per_source_.find(call.peek().source_ip);
  if (it != per_source_.end() && it->second->is_open()) {
    return it->second;
  }
  if (per_source_.size() >= socket_limit_ && it == per_source_.end()) {
    // -max_socket reached: the call shares an open one, in turn.
    auto next = per_source_.begin();
    std::advance(next, static_cast<long>(next_shared_++ % per_source_.size()));
    return next->second;
  }
  auto s = open_call_socket(call);
  per_source_[call.peek().source_ip] = s;
  return s;
}

std::shared_ptr<Connection> ShardTransport::call_socket(const Call &call) {
  // -max_socket, shared by the shards: past it, calls share the sockets
  // already open, in turn, as SIPp distributes its traffic over them.
  if (own_sockets_.size() >= socket_limit_) {
    for (size_t tries = own_sockets_.size(); tries > 0; --tries) {
      next_shared_ = (next_shared_ + 1) % own_sockets_.size();
      const std::shared_ptr<Connection> &s = own_sockets_[next_shared_];
      if (s->is_open()) {
        return s;
      }
    }
  }
  auto s = open_call_socket(call);
  own_sockets_.push_back(s);
  return s;
}

void ShardTransport::attach(Call &call) {
  if (is_single_connection(cfg_.transport) && !cfg_.server_mode) {
    call.connection = shared_tcp_; // after a reconnection, the new one
    return;
  }
  if (call.connection) {
    return;
  }
  if (cfg_.transport == TransportMode::UdpPerIp && !cfg_.server_mode) {
    if (call.peek().source_ip == main_source_) {
      call.call_port = main_port_; // the main socket's address: it sends
      return;
    }
    call.connection = source_socket(call);
    call.call_port = call.connection->local_port();
  } else if (is_multisocket(cfg_.transport) && !cfg_.server_mode) {
    // -t un / tn (client): the call's socket, opened at its first use.
    call.connection = call_socket(call);
    ++call.connection->users;
    call.call_port = call.connection->local_port();
  }
}

bool ShardTransport::send(Call &call, std::string_view bytes) {
  attach(call);
  if (call.connection) {
    // A datagram socket sends to the call's peer; a stream ignores it.
    bool ok = call.connection->send_to(bytes, call.peer);
    send_errors_ += ok ? 0 : 1;
    return ok;
  }
  if (udp_fd_ < 0) {
    ++send_errors_;
    return false;
  }
  udp_.push(bytes, call.peer, call.id);
  if (udp_.full()) {
    flush();
  }
  return true;
}

void ShardTransport::flush() {
  udp_.flush(send_failed_);
  tcp_.flush();
}

void ShardTransport::release(Call &call) {
  // Detach first: closing reports the connection closed, and this call must
  // no longer be found on it.
  std::shared_ptr<Connection> c = std::move(call.connection);
  if (!c || c->users == 0) {
    // t1, and a server's connections: they belong to the peer, not to a call.
    return;
  }
  if (--c->users > 0) {
    return; // shared past -max_socket: another call still uses it
  }
  std::erase(own_sockets_, c);
  if (is_udp(cfg_.transport)) {
    c->close();
    return;
  }
  // Close a moment later: SIPp's UAS counts a call whose connection closes
  // before it has entered <timewait> as failed (FailedTcpClosed), and it
  // enters <timewait> one loop turn after sending its last 200.
  auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(200));
  timer->async_wait([timer, c](const error_code &) { c->close(); });
}

void ShardTransport::close_connection(Call &call) {
  // Detached first, as in release(): the close must not fail this call.
  std::shared_ptr<Connection> c = std::move(call.connection);
  if (!c) {
    return; // -t u1: the shared socket stays, as it carries every call
  }
  if (c->users > 0 && --c->users > 0) {
    c->close(); // shared past -max_socket: SIPp closes it for all of them
    return;
  }
  std::erase(own_sockets_, c);
  c->close();
}

Expected<void> ShardTransport::set_destination(Call &call, const asio::ip::udp::endpoint &peer,
                                               bool tcp) {
  // SIPp's rules and words (call.cpp, E_AT_SET_DEST).
  if (tcp != !is_udp(cfg_.transport)) {
    return Error{"Can not switch protocols during setdest."};
  }
  if (!tcp) {
    if (call.connection) {
      call.connection->retarget(peer); // -t un: the call's own socket
    }
    call.peer = peer;
    return {};
  }
  if (!is_multisocket(cfg_.transport)) {
    return Error{"Changing destinations for TCP or SCTP requires multisocket mode."};
  }
  if (call.connection && call.connection->users > 1) {
    return Error{"Can not change destinations for a TCP/SCTP socket that has more than one user."};
  }
  close_connection(call);
  call.peer = peer;
  // A connection of its own to the new peer, never one shared past
  // -max_socket (those lead elsewhere).
  call.connection = open_call_socket(call);
  own_sockets_.push_back(call.connection);
  ++call.connection->users;
  call.call_port = call.connection->local_port();
  return {};
}

uint16_t ShardTransport::local_port(Call &call) {
  if (is_multisocket(cfg_.transport) && !cfg_.server_mode) {
    attach(call);
  }
  if (is_multisocket(cfg_.transport) && call.call_port != 0) {
    return call.call_port;
  }
  return main_port_;
}

} // namespace gossipper::runtime
