//===- transport.hpp - UDP and TCP on Boost.Asio, per shard ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A shard's sockets. u1: the process's one UDP socket (read by shard 0, which
// hands each datagram to the shard owning its Call-ID; any shard sends on it).
// un: one UDP socket per client call, owned by the call's shard. t1/tn: TCP
// connections, each owned by one shard; every call on a connection lives on
// that connection's shard. Every handler checks its error_code first; errors
// are counted and logged, never thrown.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/call_engine.hpp"
#include "gossipper/runtime/stream_framer.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace gossipper::runtime {

/// Where a received message goes: the engine of this shard, or another's.
using Deliver = std::function<void(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
                                   const std::shared_ptr<Connection> &conn)>;

/// A socket a call sends on: its own UDP socket (-t un) or a TCP connection.
class Connection : public std::enable_shared_from_this<Connection> {
public:
  virtual ~Connection() = default;
  virtual bool send(std::string_view bytes) = 0;
  [[nodiscard]] virtual uint16_t local_port() const = 0;
  virtual void close() = 0;
};

/// -t un: one UDP socket for one call.
class UdpCallSocket : public Connection {
public:
  UdpCallSocket(boost::asio::io_context &io, const boost::asio::ip::udp::endpoint &local,
                const boost::asio::ip::udp::endpoint &peer, uint32_t buff_size, Deliver deliver);
  bool send(std::string_view bytes) override;
  [[nodiscard]] uint16_t local_port() const override { return port_; }
  void close() override;
  void start();

private:
  void do_receive();
  void on_receive(const boost::system::error_code &ec, size_t n);

  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::endpoint peer_;
  boost::asio::ip::udp::endpoint from_;
  std::array<char, 65536> buf_{};
  uint16_t port_ = 0;
  Deliver deliver_;
  bool closed_ = false;
};

/// One TCP connection; frames messages out of its byte stream.
class TcpConnection : public Connection {
public:
  using Closed = std::function<void(TcpConnection *)>;
  TcpConnection(boost::asio::ip::tcp::socket socket, Deliver deliver, Closed closed,
                std::function<void(const std::string &)> error);
  bool send(std::string_view bytes) override;
  [[nodiscard]] uint16_t local_port() const override { return port_; }
  void close() override;
  void start();
  /// For tn: connect first; writes queue until connected.
  void connect(const boost::asio::ip::tcp::endpoint &peer,
               const boost::asio::ip::tcp::endpoint *local);
  [[nodiscard]] bool open() const { return !closed_; }

private:
  void do_read();
  void on_read(const boost::system::error_code &ec, size_t n);
  void do_write();
  void on_write(const boost::system::error_code &ec, size_t n);
  void fail(const std::string &why);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::udp::endpoint peer_as_udp_;
  std::array<char, 65536> buf_{};
  StreamFramer framer_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool connecting_ = false;
  bool closed_ = false;
  uint16_t port_ = 0;
  Deliver deliver_;
  Closed closed_cb_;
  std::function<void(const std::string &)> error_;
};

/// The Transport of one shard.
class ShardTransport : public Transport {
public:
  ShardTransport(boost::asio::io_context &io, const RunConfig &cfg, int shared_udp_fd,
                 uint16_t main_port, Deliver deliver, TcpConnection::Closed closed,
                 std::function<void(const std::string &)> error);

  bool send(Call &call, std::string_view bytes) override;
  void release(Call &call) override;
  [[nodiscard]] uint16_t local_port(const Call &call) const override;

  /// t1 client: the connection every call of this shard uses.
  void set_shared_connection(std::shared_ptr<TcpConnection> c) { shared_tcp_ = std::move(c); }
  [[nodiscard]] size_t send_errors() const { return send_errors_; }

  /// Datagrams on the shared UDP socket are queued and leave together, with
  /// one sendmmsg, when the handler that produced them ends: a system call
  /// per datagram is most of a UDP run's cost. The shard calls flush() at the
  /// end of each handler; a full queue flushes itself.
  void flush();
  /// Where a queued datagram that the kernel refused is reported, by Call-ID.
  using SendFailed = std::function<void(std::string_view call_id)>;
  void on_send_failed(SendFailed f) { send_failed_ = std::move(f); }

private:
  struct QueuedDatagram {
    size_t offset;
    size_t length;
    size_t id_offset;
    size_t id_length;
    sockaddr_storage to;
    socklen_t to_length;
  };
  static constexpr size_t kMaxQueued = 64;

  boost::asio::io_context &io_;
  const RunConfig &cfg_;
  int udp_fd_;
  uint16_t main_port_;
  Deliver deliver_;
  TcpConnection::Closed closed_;
  std::function<void(const std::string &)> error_;
  std::shared_ptr<TcpConnection> shared_tcp_;
  size_t send_errors_ = 0;
  std::vector<char> queued_bytes_;
  std::vector<QueuedDatagram> queued_;
  SendFailed send_failed_;
};

/// Finds the Call-ID in a raw message without parsing the rest ("" if none),
/// applying SIPp's "///" prefix rule, to route it to its shard.
[[nodiscard]] std::string_view route_call_id(std::string_view raw, bool callid_slash_ign);
[[nodiscard]] uint32_t shard_of(std::string_view call_id, uint32_t shards);

} // namespace gossipper::runtime
