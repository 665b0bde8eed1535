//===- summary_timeline.hpp - The shards' series over time as one -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// rate_over_time and media_over_time of a merged summary. Each shard's
// points are cumulative totals at instants since its own start: they are
// moved onto the wall clock (by its start after the earliest shard's), then
// read at instants k * P of the common period P, the largest of the shards'
// (RunHistory doubles its period on long runs, so shards may differ; a
// coarser grid is a resampling, never an invention). At each instant a
// shard counts with its last sample at or before it (none yet: zero), so
// the last instant holds every shard's final sample: the totals add up.
// An interval's lowest MOS is the lowest of the shards' points that fall
// in it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "stats/run_history.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <vector>

namespace gossipper::runtime {

/// One shard's series as its summary has them.
struct ShardTimeline {
  uint64_t offset_ms = 0; ///< its start after the earliest shard's
  uint64_t period_ms = 0;
  std::vector<RunHistory::Point> points; ///< t_ms since its own start
  MediaPoint end;                        ///< media_over_time.end
};

/// Reads rate_over_time and media_over_time of `doc` (which must have both
/// or neither: nullopt); throws SummaryRefusal.
[[nodiscard]] std::optional<ShardTimeline> read_timeline(const boost::json::object &doc);

/// Writes the merged rate_over_time and media_over_time into `o`.
void add_merged_timeline(boost::json::object &o, const std::vector<ShardTimeline> &shards);

} // namespace gossipper::runtime
