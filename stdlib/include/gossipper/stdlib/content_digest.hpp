//===- content_digest.hpp - A digest of bytes for manifests ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// FNV-1a, 64 bits, in hex: names compile-cache entries and records a
// precompiled scenario's source. It detects damage, not attacks.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace gossipper::stdlib {

std::string content_digest(std::string_view bytes);

} // namespace gossipper::stdlib
