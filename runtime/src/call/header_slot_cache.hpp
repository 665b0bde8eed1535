//===- header_slot_cache.hpp - Header values kept per message --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The values of the headers a scenario reads (ir::header_needs), kept for the
// received message they came from: all of them are extracted in one walk
// over the message the first time one is asked for, and a header copied
// into several answers is looked up once. A message is named by its serial: the engine numbers
// every message it stores as a call's last received one, so a value is never
// served for another message, whichever call it belongs to.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gossipper::runtime {

class HeaderSlotCache {
public:
  void resize(size_t slots) {
    values_.assign(slots, {});
    serial_ = 0;
  }
  [[nodiscard]] size_t size() const { return values_.size(); }

  /// The value of `slot` for message `serial` (never 0); `extract(values)`
  /// fills every slot's value the first time the message is asked about.
  template <class Extract>
  const std::string &value(uint64_t serial, uint32_t slot, Extract &&extract) {
    if (serial_ != serial) {
      extract(values_);
      serial_ = serial;
    }
    return values_[slot];
  }

private:
  std::vector<std::string> values_;
  uint64_t serial_ = 0;
};

} // namespace gossipper::runtime
