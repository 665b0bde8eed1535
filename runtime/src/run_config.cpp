//===- run_config.cpp - Everything a run needs from the command line ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/run_config.hpp"

namespace gossipper::runtime {

const char *transport_name(TransportMode m) { return is_udp(m) ? "UDP" : "TCP"; }

} // namespace gossipper::runtime
