//===- client_bind.hpp - A client stream socket's local address -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/asio/ip/tcp.hpp>

namespace gossipper::runtime {

/// Binds a client's stream socket to `local` before it connects. With no
/// port asked (0) the port is left to connect() (IP_BIND_ADDRESS_NO_PORT):
/// bind() searches for a port no other socket of the address holds, a
/// search that grows with every connection in TIME_WAIT (a connection per
/// call, -t tn/ln), where connect() needs only its four-tuple unique. The
/// port is known once connect() is called. Best effort: a kernel without
/// the option binds as before.
void bind_client(boost::asio::ip::tcp::socket &socket, const boost::asio::ip::tcp::endpoint &local,
                 boost::system::error_code &ec);

} // namespace gossipper::runtime
