//===- udp_call_socket.hpp - -t un/ui: a UDP socket of its own -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -t un: one UDP socket for one client call. -t ui: one per source address,
// shared by the client calls of that address, or, on a server, bound to one
// of the -inf file's addresses and answering whoever writes to it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "transport/connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>

namespace gossipper::runtime {

class UdpCallSocket : public Connection {
public:
  UdpCallSocket(boost::asio::io_context &io, const boost::asio::ip::udp::endpoint &local,
                const boost::asio::ip::udp::endpoint &peer, uint32_t buff_size, Deliver deliver);
  bool send(std::string_view bytes) override { return send_to(bytes, peer_); }
  bool send_to(std::string_view bytes, const boost::asio::ip::udp::endpoint &peer) override;
  [[nodiscard]] uint16_t local_port() const override { return port_; }
  [[nodiscard]] bool is_open() const override { return !closed_; }
  void retarget(const boost::asio::ip::udp::endpoint &peer) override { peer_ = peer; }
  void close() override;
  void start();

private:
  void do_receive();
  void on_receive(const boost::system::error_code &ec, size_t n);

  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::endpoint peer_;
  boost::asio::ip::udp::endpoint from_;
  std::array<char, 65536> buf_; // unwritten until read into: no page is touched for nothing
  uint16_t port_ = 0;
  Deliver deliver_;
  bool closed_ = false;
};

} // namespace gossipper::runtime
