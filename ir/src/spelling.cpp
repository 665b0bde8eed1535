//===- spelling.cpp - "did you mean ...?" ---------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/spelling.hpp"

#include <algorithm>
#include <vector>

namespace gossipper::ir {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    prev[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  std::string best;
  size_t best_distance = 3; // more than two edits is not a typo
  for (std::string_view c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_distance && d < std::max<size_t>(c.size(), 1)) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

} // namespace gossipper::ir
