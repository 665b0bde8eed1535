//===- transport.hpp - How a call's bytes leave ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The one thing the call engine knows of sockets. ShardTransport implements
// it over UDP, TCP, TLS and WebSocket; tests script it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace gossipper::runtime {

class Transport {
public:
  virtual ~Transport() = default;
  /// Sends `bytes` to the call's peer; false on a hard error.
  virtual bool send(Call &call, std::string_view bytes) = 0;
  /// The call is being destroyed: drop what it holds (its own socket...).
  virtual void release(Call &call) = 0;
  /// [local_port] for this call. A client call with a socket of its own
  /// (-t un, tn) gets it now, as in SIPp, so its first message names it.
  [[nodiscard]] virtual uint16_t local_port(Call &call) = 0;
  /// [local_port] when every call of the run has the same (one socket):
  /// then it is copied like a run constant instead of formatted per message.
  [[nodiscard]] virtual std::optional<uint16_t> run_local_port() const { return std::nullopt; }
  /// <closecon>: closes the call's connection now; its next message opens
  /// another (-t tn) or fails, as in SIPp.
  virtual void close_connection(Call &call) = 0;
  /// <setdest>: later messages of the call go to `peer` over `tcp` or UDP;
  /// SIPp's reason when the change is impossible.
  virtual Expected<void> set_destination(Call &call, const boost::asio::ip::udp::endpoint &peer,
                                         bool tcp) = 0;
};

} // namespace gossipper::runtime
