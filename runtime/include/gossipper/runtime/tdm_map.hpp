//===- tdm_map.hpp - SIPp's -tdmmap circuit table -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -tdmmap {x1-x2}{h}{y1-y2}{z1-z2}: a table of TDM circuits. Each new call
// takes a free circuit, drawn at random, and keeps it until it ends; with
// none free the call fails (FailedOutboundCongestion). [tdmmap] prints the
// call's circuit as x.h.y/z. Shared by the shards, without a lock.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class TdmMap {
public:
  /// Parses SIPp's {%d-%d}{%d}{%d-%d}{%d-%d}; nullopt when malformed.
  static std::optional<TdmMap> parse(std::string_view spec);

  [[nodiscard]] uint32_t size() const { return size_; }
  /// A free circuit, searched from `random`; nullopt when all are busy.
  std::optional<uint32_t> take(uint64_t random);
  void give_back(uint32_t circuit);
  /// [tdmmap] of `circuit`: x.h.y/z.
  [[nodiscard]] std::string render(uint32_t circuit) const;

private:
  int x_ = 0, h_ = 0, y_ = 0, z_ = 0;
  uint32_t a_ = 0, b_ = 0, c_ = 0; ///< ranges minus one, as SIPp keeps them
  uint32_t size_ = 0;
  std::shared_ptr<std::atomic<bool>[]> busy_;
};

} // namespace gossipper::runtime
