//===- content_digest.cpp - A digest of bytes for manifests ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/content_digest.hpp"

#include <cstdint>
#include <cstdio>

namespace gossipper::stdlib {

uint64_t fnv1a_64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return h;
}

std::string content_digest(std::string_view bytes) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a_64(bytes)));
  return buf;
}

} // namespace gossipper::stdlib
