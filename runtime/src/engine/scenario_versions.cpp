//===- scenario_versions.cpp - The scenarios a run has played -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "engine/scenario_versions.hpp"

#include "gossipper/runtime/media_files.hpp"

#include <variant>

namespace gossipper::runtime {

Expected<uint32_t> ScenarioVersions::stage(std::unique_ptr<ScenarioRun> next,
                                           ScenarioReplacement replacement) {
  std::lock_guard lock(stage_mu_);
  uint32_t version = staged_.load(std::memory_order_relaxed) + 1;
  if (version >= kMax) {
    return Error{"this run has played " + std::to_string(kMax) +
                 " scenarios already, the most one run keeps: start a new run"};
  }
  runs_[version] = next.get();
  owned_[version] = std::move(next);
  kept_[version] = std::move(replacement);
  staged_.store(version, std::memory_order_release);
  return version;
}

namespace {

bool uses_commands(const ir::Scenario &s) {
  for (const ir::State &st : s.states) {
    if (std::holds_alternative<ir::SendCmdState>(st.body) ||
        std::holds_alternative<ir::RecvCmdState>(st.body)) {
      return true;
    }
  }
  return false;
}

std::string rtd_names(const ir::Scenario &s) {
  std::string out;
  for (const ir::Rtd &r : s.rtds) {
    out += (out.empty() ? "" : ", ") + r.name;
  }
  return out.empty() ? "none" : out;
}

std::string counter_names(const ir::Scenario &s) {
  std::string out;
  for (const std::string &c : s.counters) {
    out += (out.empty() ? "" : ", ") + c;
  }
  return out.empty() ? "none" : out;
}

bool same_rtds(const ir::Scenario &a, const ir::Scenario &b) {
  if (a.rtds.size() != b.rtds.size()) {
    return false;
  }
  for (size_t i = 0; i < a.rtds.size(); ++i) {
    if (a.rtds[i].name != b.rtds[i].name) {
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<std::string> replacement_conflict(const ir::Scenario &running,
                                                const ir::Scenario &next, const RunConfig &cfg) {
  if (running.mode != next.mode) {
    return std::string("the run plays a ") + ir::mode_name(running.mode) +
           " scenario; this one is a " + ir::mode_name(next.mode) + " scenario";
  }
  if (uses_commands(running) || uses_commands(next)) {
    return std::string("3PCC scenarios (sendCmd/recvCmd) cannot be replaced in a running test: "
                       "their twin links are made once, at the start");
  }
  if (uses_media(next)) {
    return std::string("a scenario with media actions cannot replace a running one yet (its "
                       "media files and sockets are set up at the start): start a new run");
  }
  // The statistics files, screens and summary keep one set of columns.
  if (!same_rtds(running, next)) {
    return "the response times differ (running: " + rtd_names(running) +
           "; this one: " + rtd_names(next) + "): the statistics keep one set of columns";
  }
  if (running.counters != next.counters) {
    return "the counters differ (running: " + counter_names(running) +
           "; this one: " + counter_names(next) + "): the statistics keep one set of columns";
  }
  if (running.response_time_repartition.bounds_ms != next.response_time_repartition.bounds_ms ||
      running.call_length_repartition.bounds_ms != next.call_length_repartition.bounds_ms) {
    return std::string("the ResponseTimeRepartition or CallLengthRepartition differs: the "
                       "statistics keep one set of columns");
  }
  if (cfg.trace_counts) {
    return std::string("-trace_counts writes a column per message of the running scenario: "
                       "its scenario cannot change");
  }
  return std::nullopt;
}

} // namespace gossipper::runtime
