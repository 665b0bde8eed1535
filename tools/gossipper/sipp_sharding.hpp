//===- sipp_sharding.hpp - Which shard of a sharded run this is -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Ours: a run split over N processes started with one command line
// (docs/sharding.md). Each learns which one it is from -shard I/N, or from
// Kubernetes' JOB_COMPLETION_INDEX with -shards N or GOSSIPPER_SHARDS; the
// engine then takes its share of the load (runtime/run_share.hpp), and the
// ports and -inf rows it may use are cut here, before any traffic.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sipp_option_table.hpp"

#include "gossipper/stdlib/injection_file.hpp"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace gossipper::tools {

/// -shard I/N, -shards N, -start_at EPOCH_MS, in the Running section.
std::vector<SippOption> shard_options();

/// A variable of the environment, as getenv gives it (null: unset).
using EnvLookup = std::function<const char *(const char *)>;

/// Settles cl.run's shard: -shard, else JOB_COMPLETION_INDEX with -shards
/// or GOSSIPPER_SHARDS (an index without a count: not sharded). Refuses a
/// bad value (naming the variable it came from), a count without an index,
/// -m or -users under the number of shards, and a -start_at more than a day
/// after `now_ms` (ms since the epoch).
Expected<void> resolve_shard(SippCommandLine &cl, const EnvLookup &env, uint64_t now_ms);

/// A sharded run's ports: -p P binds P + I, and a given -min_rtp_port ..
/// -max_rtp_port range is cut in N slices, slice I for this shard.
Expected<void> shard_ports(SippCommandLine &cl);

/// A SEQUENTIAL -inf file read by shard I of N: its rows [Rows I/N,
/// Rows (I+1)/N) only; refused when that leaves none. RANDOM and USER
/// files keep every row.
Expected<void> shard_injection_rows(const std::string &name, stdlib::InjectionFile &file,
                                    const runtime::RunConfig &cfg);

/// The wall clock: ms since the epoch, as -start_at counts.
uint64_t epoch_ms_now();

/// -start_at: returns at that time; one past already gets a warning on
/// `err` and no wait.
void wait_for_start(uint64_t start_at_ms, std::ostream &err);

} // namespace gossipper::tools
