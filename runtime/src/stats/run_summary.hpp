//===- run_summary.hpp - The JSON summary of a run (-summary_json) -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a run ends with for machines: totals, failure classes, SIPp's
// counters, every response time and the call length with percentiles from
// their histograms, the call rate over time (RunHistory's samples), the
// generator's own saturation, and the health gates with their verdicts. Field names follow
// the Go Gossipper's gossipper_summary_v1 where it has them; durations are
// integer nanoseconds, as there.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "stats/event_totals.hpp"
#include "stats/run_history.hpp"
#include "stats/stats.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

/// Signs that the generator, not the peer, was the limit.
struct GeneratorLoad {
  uint64_t max_timer_lag_ms = 0; ///< worst lateness of a shard's 1 ms tick
  uint64_t send_drops = 0;       ///< datagrams the kernel refused (full buffer)
  uint64_t send_errors = 0;      ///< sends that failed outright
  int64_t receive_drops = -1;    ///< the kernel's drops on our UDP socket; -1 unknown
  int64_t udp_segmented = -1;    ///< -udp_gso: datagrams sent segmented; -1 without it
  /// TLS runs (l1/ln/ws1/wsn): handshakes completed, and how many resumed a
  /// session; -1 when the run used no TLS.
  int64_t tls_handshakes = -1;
  int64_t tls_resumed = -1;
  int64_t tls_pooled = -1; ///< of them, those run by the handshake pool
  /// The overload controller over the run (docs/overload.md): time
  /// saturated, saturated windows that cut the rate, the lowest rate it
  /// offered (calls per second; 0: it never held one).
  bool overload_control = true;
  uint64_t saturated_ms = 0;
  uint64_t overload_cuts = 0;
  double lowest_offered_rate = 0;
};

/// -hep_addr: what became of the mirrored messages (HEP3 to Homer).
struct HepTotals {
  std::string receiver;   ///< transport:address:port
  uint64_t sent = 0;      ///< written to the HEP socket
  uint64_t dropped = 0;   ///< a shard's queue was full (or the run ended first)
  uint64_t failed = 0;    ///< the socket refused them, or a connection lost them
  int64_t segmented = -1; ///< -udp_gso: of the sent, those in a segmented send; -1 without it
};

/// One health gate (-health_*) and how the run did against it.
struct HealthGate {
  std::string name;
  double limit = 0;
  double value = 0;
  bool passed = true;
};

/// The -health_* limits a run was given (RunConfig's), apart so that
/// gossipper summary merge can judge merged totals by the same rules.
struct HealthLimits {
  std::optional<double> max_failed_ratio, min_calls, max_p99_ms, min_mos, max_loss_ratio;
};

/// The gates the options ask for, judged on the final totals.
[[nodiscard]] std::vector<HealthGate> judge_health(const RunConfig &cfg, const ir::Scenario &s,
                                                   const StatsSnapshot &totals);
/// The same, from the limits and the names of the response times.
[[nodiscard]] std::vector<HealthGate> judge_health(const HealthLimits &limits,
                                                   const std::vector<std::string> &rtd_names,
                                                   const StatsSnapshot &totals);

/// The bucket layouts of the histograms the summary carries (sparse, as
/// [[index, count], ...] under "histogram"), so that summaries of the
/// shards of a run merge exactly: LatencyBuckets' µs, MediaSummary's MOS
/// hundredths from 1.00, its send-time error by 50 µs.
inline constexpr std::string_view kLatencyScheme = "log_linear_us_64x32";
inline constexpr std::string_view kMosScheme = "mos_hundredths_from_1";
inline constexpr std::string_view kSendErrorScheme = "linear_50us";

/// A new run's identity in the summary: 128 random bits in hex.
[[nodiscard]] std::string new_run_id();

/// What the totals of a snapshot are named after in the summary: the
/// scenario's user counters and response times, and its repartitions.
struct SummaryNames {
  std::vector<std::string> counters;
  std::vector<std::string> rtds;
  std::vector<uint32_t> rtd_bounds_ms;
  std::vector<uint32_t> call_length_bounds_ms;
};

/// Writes the totals of `t` into `o`, from "total_calls" to "rtd" (the
/// counts, the rates over `elapsed_us`, every series and the media): what a
/// run and a merge of runs write alike.
void add_summary_totals(boost::json::object &o, const StatsSnapshot &t, const SummaryNames &names,
                        uint64_t elapsed_us);

struct SummaryInput {
  const RunConfig *config = nullptr;
  const ir::Scenario *scenario = nullptr;
  const StatsSnapshot *totals = nullptr; ///< taken with histograms
  std::string run_id;                    ///< new_run_id() at the start
  uint64_t started_us = 0;               ///< wall clock
  uint64_t finished_us = 0;
  const RunHistory *history = nullptr; ///< the series over time; none without
  GeneratorLoad load;
  std::optional<HepTotals> hep; ///< only with -hep_addr
  /// The structured events' counts, when the run made any (-log_*).
  std::optional<EventTotals> events;
  std::vector<HealthGate> health;
  int exit_code = 0;
  /// The /metrics scrapes answered and refused; -1 when metrics were off.
  int64_t scrapes_served = -1;
  int64_t scrapes_failed = -1;
};

/// A point of media_over_time after `o` (its t_ms), or its end: names as
/// in "media".
[[nodiscard]] boost::json::object media_point_json(const MediaPoint &p, boost::json::object o = {});

/// The summary as JSON text.
[[nodiscard]] std::string run_summary_json(const SummaryInput &in);

} // namespace gossipper::runtime
