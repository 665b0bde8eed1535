//===- statistics_files.hpp - A run's CSV files ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's statistics files: -trace_stat (_.csv), -trace_counts (_counts.csv),
// -trace_error_codes (_error_codes.csv), written a row at start, every -fd
// and at the end, and -trace_rtt (_rtt.csv), written by the shards as
// response times come (docs/sipp-behaviour.md, "Statistics files"); and our
// -trace_media (_media.csv), a row with theirs (docs/media.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "stats/count_csv.hpp"
#include "stats/error_code_log.hpp"
#include "stats/media_csv.hpp"
#include "stats/stat_csv.hpp"
#include "trace/trace_log.hpp"

#include <cstdint>

namespace gossipper::runtime {

class StatisticsFiles {
public:
  StatisticsFiles(const RunConfig &cfg, const ir::Scenario &scenario)
      : cfg_(cfg), scenario_(scenario) {}

  /// Opens the files the options ask for, in SIPp's order.
  Expected<void> open();
  /// Whether a row is due every -fd (one of the row files is open).
  [[nodiscard]] bool writes_rows() const {
    return stat_.is_open() || counts_.is_open() || error_codes_.is_open() || media_.is_open();
  }
  /// A row of each file: `s` the totals since the last "reset stats",
  /// `clock` the stat file's dates and target rate, `start_wall_us` when the
  /// run started.
  void write_row(const StatsSnapshot &s, StatCsv::Clock clock, uint64_t start_wall_us);
  /// "reset stats" took `delta` off the totals.
  void rebase(const StatsSnapshot &delta) { stat_.rebase(delta); }
  void flush() { rtt_.flush(); }

  /// -trace_error_codes (null: not traced), for the call engines.
  [[nodiscard]] ErrorCodeLog *error_codes() {
    return cfg_.trace_error_codes ? &error_codes_ : nullptr;
  }
  /// -trace_rtt (null: not traced) and when its dates count from.
  [[nodiscard]] TraceLog *rtt() { return cfg_.trace_rtt ? &rtt_ : nullptr; }
  [[nodiscard]] uint64_t rtt_origin_us() const { return rtt_origin_us_; }

private:
  const RunConfig &cfg_;
  const ir::Scenario &scenario_;
  StatCsv stat_;
  CountCsv counts_;
  ErrorCodeLog error_codes_;
  MediaCsv media_;
  TraceLog rtt_;
  uint64_t rtt_origin_us_ = 0;
};

} // namespace gossipper::runtime
