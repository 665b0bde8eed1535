//===- connection.hpp - What a call sends on --------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call sends on the shard's shared UDP socket, or on a Connection of its
// own: a UDP socket (-t un) or a TCP connection.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class Connection;

/// Where a received message goes: the engine of this shard, or another's.
using Deliver = std::function<void(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
                                   const std::shared_ptr<Connection> &conn)>;

/// A stream connection reports its end, and why it failed, through these.
using ConnectionClosed = std::function<void(Connection *)>;
using ConnectionError = std::function<void(const std::string &)>;

/// A socket a call sends on: its own UDP socket (-t un) or a TCP, TLS or
/// WebSocket connection.
class Connection : public std::enable_shared_from_this<Connection> {
public:
  virtual ~Connection() = default;
  virtual bool send(std::string_view bytes) = 0;
  /// A datagram socket sends to `peer` (a -t ui server socket answers every
  /// peer that writes to its address); a stream has one peer and ignores it.
  virtual bool send_to(std::string_view bytes, const boost::asio::ip::udp::endpoint & /*peer*/) {
    return send(bytes);
  }
  [[nodiscard]] virtual uint16_t local_port() const = 0;
  [[nodiscard]] virtual bool is_open() const = 0;
  virtual void close() = 0;
  /// <setdest> on a call's own UDP socket: later datagrams go to `peer`.
  virtual void retarget(const boost::asio::ip::udp::endpoint & /*peer*/) {}
  /// Closed before it was ever established (TCP connect, TLS or WebSocket
  /// handshake): its calls fail with SIPp's FailedTcpConnect.
  [[nodiscard]] bool connect_failed() const { return connect_failed_; }
  /// Client calls sending on it (several once -max_socket is reached).
  uint32_t users = 0;

protected:
  bool connect_failed_ = false;
};

} // namespace gossipper::runtime
