//===- stream_dtls.cpp - A stream's DTLS-SRTP handshake -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/stream_dtls.hpp"

namespace gossipper::runtime::media {

std::optional<DtlsSession::Role> dtls_role(std::string_view ours, std::string_view peers) {
  using Role = DtlsSession::Role;
  if (ours == "active") {
    return peers == "active" ? std::nullopt : std::optional(Role::Client);
  }
  if (ours == "passive") {
    return peers == "passive" ? std::nullopt : std::optional(Role::Server);
  }
  // Ours is actpass (or absent): the peer's choice decides.
  if (peers == "active") {
    return Role::Server;
  }
  if (peers == "passive") {
    return Role::Client;
  }
  return std::nullopt;
}

std::string_view dtls_setup_text(std::string_view peer_setup, bool answering) {
  if (!answering) {
    return "actpass";
  }
  return peer_setup == "active" ? "passive" : "active";
}

} // namespace gossipper::runtime::media
