//===- call_routing.cpp - Which shard owns a message ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/call_routing.hpp"

#include <strings.h>

namespace gossipper::runtime {

std::string_view route_call_id(std::string_view raw, bool callid_slash_ign) {
  size_t end = raw.find("\r\n\r\n");
  std::string_view head = raw.substr(0, end);
  // From the first line on: a SIP start line never looks like a Call-ID
  // header, and a 3PCC command starts with one.
  for (size_t pos = 0; pos != std::string_view::npos;) {
    std::string_view line = head.substr(pos);
    size_t nl = head.find('\n', pos);
    pos = nl == std::string_view::npos ? nl : nl + 1;
    size_t name_len = 0;
    if (line.size() > 8 && strncasecmp(line.data(), "Call-ID", 7) == 0) {
      name_len = 7;
    } else if (line.size() > 2 && (line[0] == 'i' || line[0] == 'I') &&
               (line[1] == ':' || line[1] == ' ' || line[1] == '\t')) {
      name_len = 1;
    } else {
      continue;
    }
    size_t i = name_len;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    if (i >= line.size() || line[i] != ':') {
      continue;
    }
    ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    size_t e = i;
    while (e < line.size() && line[e] != '\r' && line[e] != '\n') {
      ++e;
    }
    std::string_view id = line.substr(i, e - i);
    while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) {
      id.remove_suffix(1);
    }
    if (!callid_slash_ign) {
      size_t slashes = id.find("///");
      if (slashes != std::string_view::npos) {
        id = id.substr(slashes + 3);
      }
    }
    return id;
  }
  return {};
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
