//===- summary_reading.hpp - A shard's summary read for a merge -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// gossipper summary merge reads back what run_summary.cpp wrote: the counts,
// each series' sums, extremes and histogram, the media with its MOS and
// send-time histograms, the health limits. Anything missing or of the wrong
// type refuses the file, naming the JSON path: a merge is exact or is not
// made.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "stats/run_summary.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gossipper::runtime {

/// Why a summary cannot be merged: "PATH: reason".
class SummaryRefusal : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A member of `o` at `path` (its own path is path.key); refused when absent.
[[nodiscard]] const boost::json::value &need(const boost::json::object &o, std::string_view key,
                                             const std::string &path);
[[nodiscard]] const boost::json::object &need_object(const boost::json::value &v,
                                                     const std::string &path);
[[nodiscard]] const boost::json::array &need_array(const boost::json::value &v,
                                                   const std::string &path);
/// A count: a JSON integer >= 0.
[[nodiscard]] uint64_t need_count(const boost::json::value &v, const std::string &path);
/// Any finite JSON number.
[[nodiscard]] double need_number(const boost::json::value &v, const std::string &path);
[[nodiscard]] std::string need_text(const boost::json::value &v, const std::string &path);
/// path.key, the way the messages name a place.
[[nodiscard]] std::string member_path(const std::string &path, std::string_view key);

/// What a merge takes from one summary.
struct ShardSummary {
  std::string schema_version, tool_version, scenario, run_id;
  uint32_t shard_index = 0, shard_count = 1;
  uint64_t started_us = 0, finished_us = 0; ///< wall clock
  int64_t exit_code = 0;
  StatsSnapshot totals; ///< counters, user counters, series, media, open calls
  SummaryNames names;
  HealthLimits limits;
};

/// Reads `doc`; throws SummaryRefusal.
[[nodiscard]] ShardSummary read_shard_summary(const boost::json::object &doc);

/// "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" as µs since the epoch; throws
/// SummaryRefusal naming `path`.
[[nodiscard]] uint64_t parse_iso8601_us(std::string_view text, const std::string &path);

} // namespace gossipper::runtime
