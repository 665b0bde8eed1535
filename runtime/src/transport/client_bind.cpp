//===- client_bind.cpp - A client stream socket's local address ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/client_bind.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

namespace gossipper::runtime {

void bind_client(boost::asio::ip::tcp::socket &socket, const boost::asio::ip::tcp::endpoint &local,
                 boost::system::error_code &ec) {
  if (local.port() == 0) {
    int on = 1;
    (void)::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
  }
  socket.bind(local, ec);
}

} // namespace gossipper::runtime
