//===- call_routing.cpp - Which shard owns a message ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/call_routing.hpp"

#include "sip/header_lookup.hpp"

namespace gossipper::runtime {

std::string_view route_call_id(std::string_view raw, bool callid_slash_ign) {
  // From the first line on: a SIP start line never looks like a Call-ID
  // header, and a 3PCC command starts with one.
  std::optional<std::string_view> found =
      find_header_value(raw.substr(0, raw.find("\r\n\r\n")), "Call-ID");
  std::string_view id = found.value_or(std::string_view());
  if (found && !callid_slash_ign) {
    size_t slashes = id.find("///");
    if (slashes != std::string_view::npos) {
      id = id.substr(slashes + 3);
    }
  }
  return id;
}

uint32_t shard_of(std::string_view call_id, uint32_t shards) {
  if (shards <= 1) {
    return 0;
  }
  uint64_t h = 1469598103934665603ULL; // FNV-1a
  for (char c : call_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<uint32_t>(h % shards);
}

} // namespace gossipper::runtime
