//===- run_config.cpp - Everything a run needs from the command line ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/run_config.hpp"

#include <boost/asio/ip/address.hpp>

namespace gossipper::runtime {

const char *transport_name(TransportMode m) {
  if (is_udp(m)) {
    return "UDP";
  }
  if (is_websocket(m)) {
    return uses_tls(m) ? "WSS" : "WS";
  }
  return uses_tls(m) ? "TLS" : "TCP";
}

std::string default_server_name(const std::string &remote_host) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(remote_host, ec);
  return ec ? remote_host : std::string();
}

} // namespace gossipper::runtime
