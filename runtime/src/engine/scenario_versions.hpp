//===- scenario_versions.hpp - The scenarios a run has played --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A run starts with one scenario; the API may replace it while it goes
// (POST /api/v1/scenario/apply). New calls then play the new version and the
// calls in flight end on the code they started with, so every version a
// call may still run stays: versions are only added, in a fixed array, and
// any thread reads them without a lock. Shard 0 takes a staged version
// first (it runs the version's <init> and makes the calls), then publishes
// it to the other shards (docs/runtime.md, "Replacing the scenario").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "engine/scenario_run.hpp"
#include "gossipper/runtime/run_control.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace gossipper::runtime {

class ScenarioVersions {
public:
  /// The first version and the last a run can have.
  static constexpr uint32_t kMax = 16;

  explicit ScenarioVersions(ScenarioRun &first) { runs_[0] = &first; }

  /// The newest version (shard 0 follows it).
  [[nodiscard]] uint32_t staged() const { return staged_.load(std::memory_order_acquire); }
  /// The version every shard's new calls play once they tick (shard 0 has).
  [[nodiscard]] uint32_t current() const { return current_.load(std::memory_order_acquire); }
  [[nodiscard]] ScenarioRun &run(uint32_t version) const { return *runs_[version]; }

  /// Adds `next`, made from `replacement` and holding it; its version.
  /// The caller checked it fits (replacement_conflict).
  Expected<uint32_t> stage(std::unique_ptr<ScenarioRun> next, ScenarioReplacement replacement);
  /// Shard 0 took `version`: the others take it at their next tick.
  void publish(uint32_t version) { current_.store(version, std::memory_order_release); }

private:
  std::mutex stage_mu_; ///< one replacement at a time
  std::array<ScenarioRun *, kMax> runs_{};
  std::array<std::unique_ptr<ScenarioRun>, kMax> owned_;
  std::array<ScenarioReplacement, kMax> kept_;
  std::atomic<uint32_t> staged_{0};
  std::atomic<uint32_t> current_{0};
};

/// Why `next` cannot replace `running` in a run configured by `cfg`; none
/// when it can. The statistics files and screens keep their columns, so
/// what shapes them must match; what the run set up once (media sockets and
/// files, 3PCC links, the per-message counts file) must not be needed anew.
[[nodiscard]] std::optional<std::string>
replacement_conflict(const ir::Scenario &running, const ir::Scenario &next, const RunConfig &cfg);

} // namespace gossipper::runtime
