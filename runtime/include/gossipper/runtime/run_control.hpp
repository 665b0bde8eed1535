//===- run_control.hpp - Driving a run while it goes -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The one way into a running test: every control surface — SIPp's keyboard
// and `c` commands, the -cp socket, and later the HTTP API, its live frames,
// Prometheus and the TUI — changes a run through RunControl and reads it
// through its snapshot, never through the shards. Each command is safe from
// any thread; the snapshot is taken without stopping the shards.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/runtime/stats_snapshot.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gossipper::ir {
struct Scenario;
struct TemplateTable;
} // namespace gossipper::ir

namespace gossipper::runtime {

/// How far a run is in ending (docs/sipp-behaviour.md, "Quitting").
enum class QuitLevel : uint8_t {
  Running,  ///< calls are made
  Soft,     ///< -m reached, -timeout: no new call; the open ones end
  Graceful, ///< q, SIGUSR1, -rate_max: the same, asked for; q again aborts
  Aborting, ///< Q, or q twice: the open calls are aborted
};

/// The run's settings now.
struct RunStatus {
  double rate = 0;           ///< calls per rate period (-r), or the users in a -users run
  double rate_period_ms = 0; ///< -rp
  uint64_t call_limit = 0;   ///< simultaneous calls (-l, or SIPp's default)
  int64_t users = -1;        ///< -users: the current number; -1 in a rate run
  bool paused = false;
  bool server = false; ///< a server scenario: it makes no calls of its own
  QuitLevel quitting = QuitLevel::Running;
  uint64_t elapsed_ms = 0;     ///< since the run started
  uint64_t since_reset_ms = 0; ///< since the start or the last "reset stats"
  /// The overload controller (docs/overload.md): why the run is saturated
  /// now (empty: it is not), the rate it offers (calls per rate period;
  /// `rate` unless held), and its totals.
  std::string saturation;
  double offered_rate = 0;
  bool overload_control = true; ///< -overload_control: it holds the rate
  uint64_t saturated_ms = 0;
  uint64_t overload_cuts = 0;
};

/// The run's settings and statistics at one moment.
struct RunSnapshot {
  RunStatus status;
  /// Since the start or the last "reset stats" (what the screens show).
  StatsSnapshot stats;
  /// The scenario whose message table `stats.states` is: the one new calls
  /// play (null from a control surface's test double). It lives as long as
  /// the run.
  const ir::Scenario *scenario = nullptr;
};

/// A scenario compiled for a run that is going: what replace_scenario takes.
struct ScenarioReplacement {
  const ir::Scenario *scenario = nullptr;
  const ir::TemplateTable *templates = nullptr;
  const gsp_program *program = nullptr;
  /// Keeps the three alive; the run holds it to its end (calls of every
  /// version may still be open).
  std::shared_ptr<const void> owner;
};

class RunControl {
public:
  virtual ~RunControl() = default;

  [[nodiscard]] virtual RunStatus status() const = 0;
  /// `with_histograms`: the latency histograms too, for percentiles.
  [[nodiscard]] virtual RunSnapshot snapshot(bool with_histograms) const = 0;
  /// The same since the start, whatever "reset stats" did: counters that
  /// never go down, as Prometheus' counters must not.
  [[nodiscard]] virtual RunSnapshot snapshot_since_start(bool with_histograms) const = 0;

  /// The -summary_json document of the run so far (gossipper_summary_v1).
  [[nodiscard]] virtual std::string summary_json() const = 0;

  /// Calls per rate period; refused in a -users run (SIPp's words).
  virtual Expected<void> set_rate(double rate) = 0;
  /// The limit of simultaneous calls; refused in a -users run.
  virtual Expected<void> set_call_limit(uint64_t limit) = 0;
  /// The number of users; refused in a rate run.
  virtual Expected<void> set_users(uint32_t users) = 0;
  /// No new calls while paused (a client run that is not ending).
  virtual void set_paused(bool paused) = 0;
  /// SIPp's q: no new calls, the run ends when the open calls have; asked
  /// again, as stop_now.
  virtual void stop_gracefully() = 0;
  /// SIPp's Q: the open calls are aborted (BYE or CANCEL), then the run ends.
  virtual void stop_now() = 0;
  /// SIPp's "reset stats": the cumulative figures count from now.
  virtual void reset_stats() = 0;
  /// SIPp's "trace error|logs|messages|shortmessages on|off".
  virtual Expected<void> set_trace(std::string_view file, bool on) = 0;
  /// New calls play `next` from now; the calls in flight end on the code
  /// they started with. Refused (the reason said, nothing changed) when
  /// `next` does not fit the run: another mode, other response times,
  /// counters or repartitions (the statistics files' columns), media
  /// actions, 3PCC, a run that is ending. The new version's number.
  virtual Expected<uint32_t> replace_scenario(ScenarioReplacement next) = 0;
  /// SIPp's "dump tasks" and "dump variables", to the error log.
  virtual void dump_tasks() = 0;
  virtual void dump_variables() = 0;
};

} // namespace gossipper::runtime
