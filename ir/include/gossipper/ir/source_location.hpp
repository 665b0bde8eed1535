//===- source_location.hpp - A position in a scenario file -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace gossipper::ir {

/// A 1-based line and column in the scenario file being compiled. Line 0 means
/// "no location" (for example a problem with the file as a whole).
struct SourceLoc {
  uint32_t line = 0;
  uint32_t column = 0;

  [[nodiscard]] bool valid() const { return line != 0; }
  friend bool operator==(const SourceLoc &, const SourceLoc &) = default;
};

} // namespace gossipper::ir
