// A RunControl that records what is asked of it, in words ("rate 20",
// "pause", "q"...), and refuses rates and limits in a -users run as a run
// does: for the tests of the control surfaces (keys, commands, the API).
#pragma once

#include "gossipper/runtime/run_control.hpp"

#include <string>
#include <vector>

namespace gossipper::runtime {

class RecordingRun : public RunControl {
public:
  RunStatus now;
  std::vector<std::string> calls;
  uint32_t version = 0;

  [[nodiscard]] RunStatus status() const override { return now; }
  [[nodiscard]] RunSnapshot snapshot(bool) const override { return {now, {}}; }
  [[nodiscard]] RunSnapshot snapshot_since_start(bool b) const override { return snapshot(b); }
  Expected<void> set_rate(double rate) override {
    if (now.users >= 0) {
      return Error{"refused"};
    }
    now.rate = rate;
    calls.push_back("rate " + std::to_string(static_cast<int>(rate)));
    return {};
  }
  Expected<void> set_call_limit(uint64_t limit) override {
    if (now.users >= 0) {
      return Error{"refused"};
    }
    now.call_limit = limit;
    calls.push_back("limit " + std::to_string(limit));
    return {};
  }
  Expected<void> set_users(uint32_t users) override {
    now.users = users;
    calls.push_back("users " + std::to_string(users));
    return {};
  }
  void set_paused(bool paused) override {
    now.paused = paused;
    calls.push_back(paused ? "pause" : "resume");
  }
  void stop_gracefully() override { calls.emplace_back("q"); }
  void stop_now() override { calls.emplace_back("Q"); }
  void reset_stats() override { calls.emplace_back("reset"); }
  [[nodiscard]] std::string summary_json() const override { return "{}"; }
  Expected<void> set_trace(std::string_view file, bool on) override {
    calls.push_back("trace " + std::string(file) + (on ? " on" : " off"));
    return {};
  }
  Expected<uint32_t> replace_scenario(ScenarioReplacement) override {
    calls.emplace_back("replace scenario");
    return ++version;
  }
  void dump_tasks() override { calls.emplace_back("dump tasks"); }
  void dump_variables() override { calls.emplace_back("dump variables"); }
};

} // namespace gossipper::runtime
