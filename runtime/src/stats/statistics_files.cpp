//===- statistics_files.cpp - A run's CSV files ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/statistics_files.hpp"

#include "time/clock.hpp"
#include "trace/trace_files.hpp"

#include <algorithm>

namespace gossipper::runtime {

Expected<void> StatisticsFiles::open() {
  const std::string &d = cfg_.stat_delimiter;
  if (cfg_.trace_counts) {
    bool lost = cfg_.global_lost > 0 ||
                std::any_of(scenario_.states.begin(), scenario_.states.end(),
                            [](const ir::State &st) { return st.lost.has_value(); });
    if (Expected<void> opened =
            counts_.open(trace_file_name(cfg_, "", "_counts.csv"), scenario_, d, lost);
        !opened) {
      return opened;
    }
  }
  if (cfg_.trace_error_codes) {
    if (Expected<void> opened = error_codes_.open(trace_file_name(cfg_, "", "_error_codes.csv"), d);
        !opened) {
      return opened;
    }
  }
  if (cfg_.trace_rtt) {
    if (Expected<void> opened = rtt_.open(trace_file_name(cfg_, "", "_rtt.csv"), true); !opened) {
      return opened;
    }
    rtt_.write("Date_ms" + d + "response_time_ms" + d + "rtd_no\n");
    // The call engines time response times on the steady clock.
    rtt_origin_us_ = steady_us();
  }
  if (cfg_.trace_stat) {
    if (Expected<void> opened = stat_.open(trace_file_name(cfg_, cfg_.stat_file, "_.csv"),
                                           scenario_, d, cfg_.periodic_rtd);
        !opened) {
      return opened;
    }
  }
  if (cfg_.trace_media) {
    return media_.open(trace_file_name(cfg_, "", "_media.csv"), d);
  }
  return {};
}

void StatisticsFiles::write_row(const StatsSnapshot &s, StatCsv::Clock clock,
                                uint64_t start_wall_us) {
  counts_.row(s, start_wall_us, wall_us());
  error_codes_.row(start_wall_us, wall_us());
  // The media figures are never reset ("reset stats" leaves them): from the
  // run's start.
  media_.row(s.media, start_wall_us, wall_us());
  if (!stat_.is_open()) {
    return;
  }
  clock.now_us = wall_us();
  stat_.row(s, clock);
}

} // namespace gossipper::runtime
