//===- address.hpp - Host and port as SIPp's command line writes them -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The remote host, -rsa, -3pcc and the 3PCC peers file all write an address
// as host[:port] or [v6]:port; these turn it into the numeric address the
// sockets use.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime {

struct HostPort {
  std::string host;
  uint16_t port = 0; ///< 0: none given (SIPp then uses its default, 5060)
};

/// host, host:port, [v6] or [v6]:port; a bare IPv6 address (more than one
/// colon, no brackets) is all host.
[[nodiscard]] HostPort split_host_port(std::string_view text);

/// The numeric address (IPv4 or IPv6) `host` resolves to first.
[[nodiscard]] Expected<std::string> resolve(const std::string &host);

/// The address the kernel would send from toward `remote` (a numeric
/// address): a UDP socket connected there, never sent on, tells.
[[nodiscard]] Expected<std::string> local_ip_toward(const std::string &remote, uint16_t port);

} // namespace gossipper::runtime
