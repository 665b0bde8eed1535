//===- shard_transport.hpp - A shard's sockets ---------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A shard's sockets. u1: the process's one UDP socket (read by shard 0, which
// hands each datagram to the shard owning its Call-ID; any shard sends on it).
// un: one UDP socket per client call, owned by the call's shard; ui: one per
// source address of the -inf file. t1/tn, l1/ln, w1/wn, ws1/wsn: TCP, TLS and
// WebSocket connections, each owned by one shard; every call on a connection
// lives on that connection's shard. Every handler checks its error_code first; errors
// are counted and logged, never thrown.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "transport/shared_udp_socket.hpp"
#include "transport/stream_connection.hpp"
#include "transport/tcp_connection.hpp"
#include "transport/tls_context.hpp"
#include "transport/transport.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gossipper::runtime {

/// The Transport of one shard.
class ShardTransport : public Transport {
public:
  ShardTransport(boost::asio::io_context &io, const RunConfig &cfg, TlsContexts *tls,
                 int shared_udp_fd, uint16_t main_port, Deliver deliver, ConnectionClosed closed,
                 ConnectionError error);

  bool send(Call &call, std::string_view bytes) override;
  [[nodiscard]] boost::asio::io_context &io() { return io_; }
  void release(Call &call) override;
  [[nodiscard]] uint16_t local_port(Call &call) override;
  /// -t ui client: calls from `ip` use the main socket.
  void set_main_source(std::string ip) { main_source_ = std::move(ip); }
  [[nodiscard]] std::optional<uint16_t> run_local_port() const override {
    return is_multisocket(cfg_.transport) ? std::nullopt : std::optional<uint16_t>(main_port_);
  }
  void close_connection(Call &call) override;
  Expected<void> set_destination(Call &call, const boost::asio::ip::udp::endpoint &peer,
                                 bool tcp) override;

  /// A client connection of the run's stream transport (TCP, TLS,
  /// WebSocket) to `peer`, from `local` when given.
  std::shared_ptr<Connection> connect_stream(const boost::asio::ip::tcp::endpoint &peer,
                                             const boost::asio::ip::tcp::endpoint *local);
  /// The connection of an accepted socket, started.
  std::shared_ptr<Connection> accept_stream(boost::asio::ip::tcp::socket socket) {
    return start_stream(std::move(socket), true);
  }
  /// A client connection over a socket already connected, started.
  std::shared_ptr<Connection> adopt_stream(boost::asio::ip::tcp::socket socket) {
    return start_stream(std::move(socket), false);
  }
  /// t1/l1/w1/ws1 client: the connection every call of this shard uses.
  void set_shared_connection(std::shared_ptr<Connection> c) { shared_tcp_ = std::move(c); }
  [[nodiscard]] size_t send_errors() const { return send_errors_ + udp_.errors(); }
  /// Datagrams the kernel refused for a full buffer (lost, as a network
  /// would lose them; retransmission repairs them).
  [[nodiscard]] size_t send_drops() const { return udp_.drops(); }
  /// -udp_gso: datagrams that left in a segmented send of two or more.
  [[nodiscard]] size_t send_segmented() const { return udp_.segmented(); }

  /// Datagrams on the shared UDP socket are queued and leave together, with
  /// one sendmmsg, when the handler that produced them ends: a system call
  /// per datagram is most of a UDP run's cost. The shard calls flush() at the
  /// end of each handler; a full queue flushes itself.
  void flush();
  /// Where a queued datagram that the kernel refused is reported, by Call-ID.
  using SendFailed = UdpSendQueue::Failed;
  void on_send_failed(SendFailed f) { send_failed_ = std::move(f); }
  /// This shard's TCP connections: gathered sends, polled reads.
  TcpScheduler &tcp() { return tcp_; }

private:
  std::shared_ptr<Connection> start_stream(boost::asio::ip::tcp::socket socket, bool server);
  /// The TLS or WebSocket connection of the run's transport over `socket`.
  std::shared_ptr<StreamConnection> make_stream(boost::asio::ip::tcp::socket socket, bool server);
  /// The Host of a WebSocket client's upgrade request: the remote host.
  [[nodiscard]] std::string websocket_host() const;
  /// Gives the call the socket it sends on, if it has none yet.
  void attach(Call &call);
  std::shared_ptr<Connection> call_socket(const Call &call);
  /// -t ui: the socket of the call's source address.
  std::shared_ptr<Connection> source_socket(const Call &call);
  std::shared_ptr<Connection> open_call_socket(const Call &call);

  boost::asio::io_context &io_;
  const RunConfig &cfg_;
  TlsContexts *tls_;
  int udp_fd_;
  uint16_t main_port_;
  Deliver deliver_;
  ConnectionClosed closed_;
  ConnectionError error_;
  std::shared_ptr<Connection> shared_tcp_;
  size_t send_errors_ = 0;
  UdpSendQueue udp_;
  SendFailed send_failed_;
  TcpScheduler tcp_;
  /// -t un/tn client: the sockets this shard's calls opened.
  std::vector<std::shared_ptr<Connection>> own_sockets_;
  std::map<std::string, std::shared_ptr<Connection>> per_source_; ///< -t ui
  /// -t ui client: the address the main socket is bound to (the -inf file's
  /// first); its calls send through the main socket, as in SIPp.
  std::string main_source_;
  bool warned_source_port_ = false;
  size_t socket_limit_;
  size_t next_shared_ = 0;
};

} // namespace gossipper::runtime
