//===- call_routing.cpp - Which shard owns a message ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/call_routing.hpp"

#include "gossipper/stdlib/content_digest.hpp"
#include "sip/sip_message.hpp"

namespace gossipper::runtime {

std::string_view route_call_id(std::string_view raw, bool callid_slash_ign) {
  // From the first line on: a SIP start line never looks like a Call-ID
  // header, and a 3PCC command starts with one.
  std::optional<std::string_view> found =
      find_header_value(raw.substr(0, raw.find("\r\n\r\n")), "Call-ID");
  return sipp_call_id(found.value_or(std::string_view()), callid_slash_ign);
}

std::string_view sipp_call_id(std::string_view call_id, bool callid_slash_ign) {
  size_t slashes = callid_slash_ign ? std::string_view::npos : call_id.find("///");
  return slashes == std::string_view::npos ? call_id : call_id.substr(slashes + 3);
}

uint32_t shard_of(std::string_view call_id, uint32_t shards) {
  if (shards <= 1) {
    return 0;
  }
  return static_cast<uint32_t>(stdlib::fnv1a_64(call_id) % shards);
}

} // namespace gossipper::runtime
