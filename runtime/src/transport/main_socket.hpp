//===- main_socket.hpp - The run's main SIP port ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp binds its main socket to -p, or to the first free port of 5060-5119,
// else to any; a bind error is exit 254 when the port is taken, 255
// otherwise. Over UDP that socket is the run's shared one; over a stream
// the port is only found here, and bound again by the listener.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <boost/asio/ip/address.hpp>

#include <cstdint>

namespace gossipper::runtime {

struct MainSocket {
  int fd = -1; ///< the UDP socket; -1 over a stream transport
  uint16_t port = 0;
};

[[nodiscard]] Expected<MainSocket> bind_main_socket(const RunConfig &cfg,
                                                    const boost::asio::ip::address &address);

/// The datagrams the kernel dropped on socket `fd` because its receive
/// buffer was full (SO_MEMINFO); -1 when unknown. A system call: cheap
/// enough for the overload controller's readings, unlike /proc/net/udp.
[[nodiscard]] int64_t socket_receive_drops(int fd);

} // namespace gossipper::runtime
