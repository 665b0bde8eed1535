//===- header_needs.cpp - The headers a scenario reads --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/header_needs.hpp"

#include <strings.h>

namespace gossipper::ir {

std::string header_lookup_name(std::string_view name) {
  std::string out(name);
  if (out.empty() || out.back() != ':') {
    out.push_back(':');
  }
  return out;
}

uint32_t HeaderNeeds::slot(std::string_view name) const {
  std::string want = header_lookup_name(name);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].size() == want.size() &&
        strncasecmp(names[i].data(), want.data(), want.size()) == 0) {
      return static_cast<uint32_t>(i);
    }
  }
  return kNoHeaderSlot;
}

HeaderNeeds header_needs(const TemplateTable &table) {
  HeaderNeeds needs;
  for (const Template *t : table.templates) {
    for (const Segment &seg : t->segments) {
      if (seg.kind == Segment::Kind::LastHeader && needs.slot(seg.text) == kNoHeaderSlot) {
        needs.names.push_back(header_lookup_name(seg.text));
      }
    }
  }
  return needs;
}

} // namespace gossipper::ir
