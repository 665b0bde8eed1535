//===- stream_endpoints.hpp - A shard's listening and client streams -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A server over TCP, TLS or WebSocket accepts its peers' connections on the
// main port; a client of t1/l1/w1/ws1 keeps one connection, made at start
// and made again after it closes while -max_reconnect allows
// (docs/sipp-behaviour.md, "Transports and connections"). Both belong to
// the shard whose transport carries their calls.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "transport/shard_transport.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gossipper::runtime {

class StreamServer {
public:
  StreamServer(ShardTransport &transport, std::function<void(const std::string &)> warn)
      : transport_(transport), warn_(std::move(warn)) {}
  /// Listens on `local` (failures are warned about: the run goes on without).
  void listen(const boost::asio::ip::tcp::endpoint &local);
  void close();

private:
  void do_accept();

  ShardTransport &transport_;
  std::function<void(const std::string &)> warn_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
  std::vector<std::shared_ptr<Connection>> connections_;
  size_t kept_ = 32; ///< closed ones are dropped when the list doubles past this
};

class StreamClient {
public:
  StreamClient(ShardTransport &transport, const RunConfig &cfg, boost::asio::ip::tcp::endpoint peer,
               std::function<void(const std::string &)> warn)
      : transport_(transport), cfg_(cfg), peer_(std::move(peer)), warn_(std::move(warn)) {}
  /// The first connection, connected already (SIPp fails at start when it
  /// cannot connect).
  void adopt(boost::asio::ip::tcp::socket socket);
  /// The connection closed: connect again, -reconnect_sleep later, while
  /// -max_reconnect allows.
  void on_closed(const Connection *c);
  void close();

private:
  void connect();

  ShardTransport &transport_;
  const RunConfig &cfg_;
  boost::asio::ip::tcp::endpoint peer_;
  std::function<void(const std::string &)> warn_;
  std::shared_ptr<Connection> connection_;
  int reconnects_ = 0;
  bool closed_ = false;
};

} // namespace gossipper::runtime
