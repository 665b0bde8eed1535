//===- port_map.hpp - A shard's media ports by number -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every RTP packet sent or received looks its port up here, tens of
// thousands of times a second per shard. A hash map paid a division and
// two or three dependent cache misses per lookup (the bucket, the node
// before the wanted one, the node); port numbers are small and dense
// (-mp upwards), so this is a two-level table: 256 pages of 256 slots,
// a page made when its first port is, the page index always in cache.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <memory>

namespace gossipper::runtime::media {

template <class T> class PortMap {
public:
  /// The entry of `port`, null when there is none.
  [[nodiscard]] T *find(uint16_t port) const {
    const Page *page = pages_[port >> 8].get();
    return page == nullptr ? nullptr : (*page)[port & 0xff].get();
  }

  /// The entry of `port`, made (value-initialised) when there is none.
  T &operator[](uint16_t port) {
    std::unique_ptr<Page> &page = pages_[port >> 8];
    if (!page) {
      page = std::make_unique<Page>();
    }
    std::unique_ptr<T> &slot = (*page)[port & 0xff];
    if (!slot) {
      slot = std::make_unique<T>();
      ++size_;
    }
    return *slot;
  }

  /// Removes the entry of `port`, if any. A page stays once made: a run's
  /// ports come back, and a page is 2 KiB.
  void erase(uint16_t port) {
    if (Page *page = pages_[port >> 8].get(); page != nullptr && (*page)[port & 0xff]) {
      (*page)[port & 0xff].reset();
      --size_;
    }
  }

  [[nodiscard]] size_t size() const { return size_; }

private:
  using Page = std::array<std::unique_ptr<T>, 256>;
  std::array<std::unique_ptr<Page>, 256> pages_{};
  size_t size_ = 0;
};

} // namespace gossipper::runtime::media
