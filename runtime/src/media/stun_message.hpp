//===- stun_message.hpp - ICE-lite's STUN binding (RFC 5389, 8445) -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// An ICE-lite agent (RFC 8445 §2.5) only answers: a peer's connectivity
// check is a STUN Binding request whose USERNAME starts with our ufrag and
// whose MESSAGE-INTEGRITY is keyed with our password; the answer is a
// Binding success response saying where the request came from. The request
// comes off the network: every length is checked and nothing throws.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <boost/asio/ip/udp.hpp>

#include <string>
#include <string_view>

namespace gossipper::runtime::media {

struct StunBinding {
  std::string transaction; ///< the 12-byte transaction ID
  std::string username;    ///< "ours:theirs"
  bool use_candidate = false;
};

/// A Binding request with USERNAME and MESSAGE-INTEGRITY; an error names
/// what is wrong (not a request, a bad length, an attribute cut short).
[[nodiscard]] Expected<StunBinding> read_stun_binding(std::string_view datagram);

/// Whether the request's MESSAGE-INTEGRITY is HMAC-SHA1 keyed with
/// `password` (and its FINGERPRINT, when present, is right).
[[nodiscard]] bool stun_integrity_ok(std::string_view datagram, std::string_view password);

/// The Binding success response to `transaction`: XOR-MAPPED-ADDRESS
/// `mapped`, MESSAGE-INTEGRITY keyed with `password`, FINGERPRINT.
[[nodiscard]] std::string stun_binding_success(std::string_view transaction,
                                               const boost::asio::ip::udp::endpoint &mapped,
                                               std::string_view password);

} // namespace gossipper::runtime::media
