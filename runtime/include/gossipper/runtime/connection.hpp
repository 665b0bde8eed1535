//===- connection.hpp - What a call sends on --------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call sends on the shard's shared UDP socket, or on a Connection of its
// own: a UDP socket (-t un) or a TCP connection.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace gossipper::runtime {

class Connection;

/// Where a received message goes: the engine of this shard, or another's.
using Deliver = std::function<void(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
                                   const std::shared_ptr<Connection> &conn)>;

/// A socket a call sends on: its own UDP socket (-t un) or a TCP connection.
class Connection : public std::enable_shared_from_this<Connection> {
public:
  virtual ~Connection() = default;
  virtual bool send(std::string_view bytes) = 0;
  [[nodiscard]] virtual uint16_t local_port() const = 0;
  [[nodiscard]] virtual bool is_open() const = 0;
  virtual void close() = 0;
  /// <setdest> on a call's own UDP socket: later datagrams go to `peer`.
  virtual void retarget(const boost::asio::ip::udp::endpoint & /*peer*/) {}
  /// Client calls sending on it (several once -max_socket is reached).
  uint32_t users = 0;
};

} // namespace gossipper::runtime
