//===- header_needs.hpp - The headers a scenario reads ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Which headers of a received message the scenario's templates ever read
// ([last_Via:], [last_From:], ...), each given a slot number. Generated code
// names a header by its slot, so the runtime keeps each value once per
// received message however many templates copy it (the uas answers an
// INVITE with a 180 and a 200 that both copy its five headers). The
// runtime recomputes the same slots from the same IR, as it does the
// template ids.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/template_numbering.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::ir {

inline constexpr uint32_t kNoHeaderSlot = UINT32_MAX;

struct HeaderNeeds {
  /// Header names as SIPp looks them up: with their ':'; one per slot, the
  /// first spelling met (lookups ignore case, so spellings share a slot).
  std::vector<std::string> names;

  /// The slot of a [last_Name:] name as written, kNoHeaderSlot if none.
  [[nodiscard]] uint32_t slot(std::string_view name) const;
};

/// `name` as SIPp looks it up: with a ':' appended when it has none.
[[nodiscard]] std::string header_lookup_name(std::string_view name);

/// The headers read by the templates of `table`, in template-id order.
[[nodiscard]] HeaderNeeds header_needs(const TemplateTable &table);

} // namespace gossipper::ir
