//===- byte_hash.hpp - A fast hash of bytes ----------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Call-IDs and whole messages are hashed on every received message (table
// lookups, retransmission detection): eight bytes per step. Only equality and
// spread matter, never the values.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace gossipper::runtime {

[[nodiscard]] inline uint64_t hash_bytes(uint64_t seed, std::string_view s) {
  uint64_t h = seed;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  for (; i < s.size(); ++i) {
    h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001B3ULL;
  }
  return h ^ s.size();
}

} // namespace gossipper::runtime
