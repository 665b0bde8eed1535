//===- summary_merge.hpp - One summary from the shards' summaries -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// gossipper summary merge: the -summary_json files of the shards of a
// sharded run (-shard I/N) as one summary, as if one process had run them
// all. Counts are added; every response time and the call length are
// recomputed from their histograms added bucket by bucket, with the
// percentile a run uses; the series over time are aligned by wall clock;
// the health gates are judged again on the merged totals
// (docs/sharding.md, "Merging summaries"). Pure: texts in, text out.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <vector>

namespace gossipper::runtime {

struct SummaryText {
  std::string name; ///< the file, for messages and the merged "shards" list
  std::string text;
};

/// The merged summary's JSON text; or why not, naming the file and the
/// place in it (a JSON path, or the parse position): a summary that is not
/// JSON or not gossipper_summary_v1, has no histograms (older than
/// merging), is itself merged, or is given twice (same run_id); shards of
/// different runs (scenario, shard count) or the same shard twice; no file.
Expected<std::string> merge_summaries(const std::vector<SummaryText> &files);

} // namespace gossipper::runtime
