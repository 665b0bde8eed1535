//===- call_words.hpp - A call's numbers sized by its scenario -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The numbers a call keeps whose count its scenario and run decide — the
// start of each response-time measure (rtd=) and the line each -inf file
// gives it — in one array, inline for the usual two (the built-in uac has
// one RTD and no -inf), so most calls allocate nothing for them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <memory>

namespace gossipper::runtime {

class CallWords {
public:
  /// An RTD that is not running (stopped, or never started).
  static constexpr uint64_t kRtdStopped = UINT64_MAX;

  void init(uint32_t rtds, uint32_t inf_files, uint64_t rtd_start) {
    rtds_ = rtds;
    inf_files_ = inf_files;
    size_t n = size_t{rtds} + inf_files;
    if (n > inline_.size()) {
      heap_ = std::make_unique<uint64_t[]>(n);
    }
    uint64_t *w = data();
    for (uint32_t k = 0; k < rtds; ++k) {
      w[k] = rtd_start;
    }
    for (uint32_t f = 0; f < inf_files; ++f) {
      w[rtds + f] = static_cast<uint64_t>(-1L);
    }
  }

  /// When RTD `k` (0-based) started (µs), kRtdStopped if it is not running.
  uint64_t &rtd_start(size_t k) { return data()[k]; }

  [[nodiscard]] uint32_t inf_files() const { return inf_files_; }
  /// The line of -inf file `f` (command-line order) the call reads, -1 none.
  [[nodiscard]] long inf_line(size_t f) const { return static_cast<long>(data()[rtds_ + f]); }
  void set_inf_line(size_t f, long line) { data()[rtds_ + f] = static_cast<uint64_t>(line); }

private:
  uint64_t *data() { return heap_ ? heap_.get() : inline_.data(); }
  [[nodiscard]] const uint64_t *data() const { return heap_ ? heap_.get() : inline_.data(); }

  std::array<uint64_t, 2> inline_{};
  std::unique_ptr<uint64_t[]> heap_;
  uint32_t rtds_ = 0;
  uint32_t inf_files_ = 0;
};

} // namespace gossipper::runtime
