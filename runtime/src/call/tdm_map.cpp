//===- tdm_map.cpp - SIPp's -tdmmap circuit table -------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/tdm_map.hpp"

#include <cstdio>

namespace gossipper::runtime {

std::optional<TdmMap> TdmMap::parse(std::string_view spec) {
  std::string text(spec);
  int x1 = 0, x2 = 0, h = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), "{%d-%d}{%d}{%d-%d}{%d-%d}%n", &x1, &x2, &h, &y1, &y2, &z1, &z2,
                  &used) != 7 ||
      static_cast<size_t>(used) != text.size() || x2 < x1 || y2 < y1 || z2 < z1) {
    return std::nullopt;
  }
  TdmMap m;
  m.x_ = x1;
  m.h_ = h;
  m.y_ = y1;
  m.z_ = z1;
  m.a_ = static_cast<uint32_t>(x2 - x1);
  m.b_ = static_cast<uint32_t>(y2 - y1);
  m.c_ = static_cast<uint32_t>(z2 - z1);
  uint64_t size = uint64_t{m.a_ + 1} * (m.b_ + 1) * (m.c_ + 1);
  if (size > (uint32_t{1} << 24)) {
    return std::nullopt; // more circuits than any TDM equipment has
  }
  m.size_ = static_cast<uint32_t>(size);
  m.busy_ = std::shared_ptr<std::atomic<bool>[]>(new std::atomic<bool>[m.size_]);
  for (uint32_t i = 0; i < m.size_; ++i) {
    m.busy_[i].store(false);
  }
  return m;
}

std::optional<uint32_t> TdmMap::take(uint64_t random) {
  for (uint32_t i = 0; i < size_; ++i) {
    uint32_t n = static_cast<uint32_t>((random + i) % size_);
    bool expected = false;
    if (busy_[n].compare_exchange_strong(expected, true)) {
      return n;
    }
  }
  return std::nullopt;
}

void TdmMap::give_back(uint32_t circuit) {
  if (circuit < size_) {
    busy_[circuit].store(false);
  }
}

std::string TdmMap::render(uint32_t n) const {
  // SIPp's arithmetic: x varies slowest, z fastest.
  char buf[64];
  std::snprintf(
      buf, sizeof buf, "%d.%d.%d/%d", x_ + static_cast<int>((n / ((b_ + 1) * (c_ + 1))) % (a_ + 1)),
      h_, y_ + static_cast<int>((n / (c_ + 1)) % (b_ + 1)), z_ + static_cast<int>(n % (c_ + 1)));
  return buf;
}

} // namespace gossipper::runtime
