//===- media_csv.hpp - Our -trace_media file ---------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <scenario>_<pid>_media.csv: the run's media figures, cumulative since the
// start, a row at start, every -fd and at the end (with SIPp's statistics
// files), in the -stat_delimiter cells of SIPp's files. The columns after
// the dates are the summary's `media` figures, named as in -summary_json
// (nested names joined by '_': mos_min, outbound_max_rtt_ms).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/stats_snapshot.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>

namespace gossipper::runtime {

class MediaCsv {
public:
  /// Creates `path` and writes the header.
  Expected<void> open(const std::string &path, std::string delimiter);
  [[nodiscard]] bool is_open() const { return file_.is_open(); }
  /// One row of `m`; `start_us` and `now_us` are wall-clock times (µs since
  /// the epoch) of the run's start and of now.
  void row(const MediaSummary &m, uint64_t start_us, uint64_t now_us);

  /// The header line, without its end of line.
  [[nodiscard]] static std::string header(const std::string &delimiter);
  /// The cells of a row after the dates, without its end of line.
  [[nodiscard]] static std::string figures(const MediaSummary &m, const std::string &delimiter);

private:
  TraceLog file_;
  std::string delimiter_;
  uint64_t last_us_ = 0; ///< the previous row's time (LastResetTime)
  bool first_ = true;
};

} // namespace gossipper::runtime
