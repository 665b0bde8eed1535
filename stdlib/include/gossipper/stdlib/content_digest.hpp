//===- content_digest.hpp - A digest of bytes for manifests ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// FNV-1a, 64 bits: in hex, it names compile-cache entries and records a
// precompiled scenario's source; as a number, it spreads Call-IDs over the
// shards. It detects damage, not attacks.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::stdlib {

[[nodiscard]] uint64_t fnv1a_64(std::string_view bytes);

/// fnv1a_64 in 16 hex digits.
std::string content_digest(std::string_view bytes);

} // namespace gossipper::stdlib
