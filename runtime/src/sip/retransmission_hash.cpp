//===- retransmission_hash.cpp - How a message's retransmissions are told -===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/retransmission_hash.hpp"

#include "sip/byte_hash.hpp"
#include "sip/header_lookup.hpp"

namespace gossipper::runtime {
namespace {

/// The parts SIPp hashes, fed to `mix` one by one.
template <class Mix> uint64_t hash_parts(std::string_view raw, bool loose, Mix mix) {
  if (!loose) {
    return mix(0, raw);
  }
  HeaderLines lines;
  lines.build(raw);
  uint64_t h = 0;
  for (std::string_view name : {"To:", "From:", "Call-ID:", "CSeq:"}) {
    h = mix(h, sipp_get_header(raw, lines, name, true));
  }
  if (raw.starts_with("SIP/2.0")) {
    h = mix(h, raw.substr(7, raw.find('\r') - 7));
    size_t body = raw.find("\r\n\r\n");
    if (body != std::string_view::npos) {
      h = mix(h, raw.substr(body + 4));
    }
  }
  return h;
}

/// SIPp's sdbm: over signed chars, up to a NUL.
uint64_t sdbm(uint64_t h, std::string_view s) {
  for (char c : s) {
    if (c == '\0') {
      break;
    }
    h = static_cast<uint64_t>(static_cast<int64_t>(static_cast<signed char>(c))) + (h << 6) +
        (h << 16) - h;
  }
  return h;
}

} // namespace

uint64_t retransmission_hash(std::string_view raw, bool loose) {
  return hash_parts(raw, loose, hash_bytes);
}

uint64_t sipp_retransmission_hash(std::string_view raw, bool loose) {
  return hash_parts(raw, loose, sdbm);
}

} // namespace gossipper::runtime
