//===- run_config.cpp - Everything a run needs from the command line ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/run_config.hpp"

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

} // namespace gossipper::runtime
