//===- run_commands.cpp - What control surfaces ask of a run --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Run's RunControl: the keyboard, -cp and whatever drives a run later reach
// it only through these, with SIPp's words for what they refuse.
//
//===----------------------------------------------------------------------===//
#include "engine/run.hpp"
#include "gossipper/runtime/run_share.hpp"
#include "time/clock.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace gossipper::runtime {

RunStatus Run::status() const {
  RunStatus s;
  s.rate = state_.rate.load();
  s.rate_period_ms = cfg_.rate_period_ms;
  s.call_limit = state_.call_limit.load();
  s.users = users_ ? static_cast<int64_t>(users_total_.load()) : -1;
  s.paused = state_.paused.load();
  s.server = cfg_.server_mode;
  s.quitting = state_.quit.level();
  {
    OverloadController o = overload_now();
    s.saturation = o.saturated() ? o.reason() : std::string();
    // The cap holds this process's share: shown as that part of the total.
    double share = shard_rate(s.rate, cfg_.shard_index, cfg_.shard_count);
    s.offered_rate =
        s.users >= 0 || s.server || share <= 0 ? 0 : s.rate * (o.offered(share) / share);
    s.overload_control = o.holds();
    s.saturated_ms = o.saturated_ms();
    s.overload_cuts = o.cuts();
  }
  uint64_t now = steady_ms();
  uint64_t start = start_ms_.load();
  if (start == 0) {
    return s; // not started yet: no time has passed
  }
  s.elapsed_ms = now - std::min(now, start);
  std::lock_guard lock(reset_mu_);
  s.since_reset_ms = now - std::min(now, shown_start_ms_);
  return s;
}

RunSnapshot Run::snapshot(bool with_histograms) const {
  RunSnapshot s;
  s.status = status();
  s.stats = collect(false, with_histograms);
  s.scenario = &version_of(s.stats).scenario();
  std::lock_guard lock(reset_mu_);
  s.stats.subtract_cumulative(reset_base_);
  return s;
}

RunSnapshot Run::snapshot_since_start(bool with_histograms) const {
  RunSnapshot s{status(), collect(false, with_histograms)};
  s.scenario = &version_of(s.stats).scenario();
  return s;
}

std::string Run::summary_json() const {
  StatsSnapshot totals = collect(false, true);
  SummaryInput in = summary_input(totals);
  RunHistory history;
  {
    std::lock_guard lock(history_mu_); // the run loop samples it
    history = history_;
  }
  in.history = &history;
  in.health = judge_health(cfg_, version_of(totals).scenario(), totals);
  return run_summary_json(in);
}

void Run::apply_rate(double rate) {
  state_.rate.store(std::max(0.0, rate));
  if (cfg_.call_limit == 0) {
    state_.call_limit.store(rate_.default_call_limit(rate));
  }
  state_.rate_epoch.fetch_add(1);
}

void Run::follow_load(uint64_t now_ms) {
  LoadReading r;
  r.now_ms = now_ms;
  for (const auto &shard : shards_) {
    r.timer_lag_ms = std::max(r.timer_lag_ms, shard->recent_tick_lag_ms.exchange(0));
    if (shard->sockets() != nullptr) {
      r.send_drops += shard->sockets()->send_drops();
    }
  }
  r.receive_drops = socket_receive_drops(main_socket_.fd);
  if (handshake_pool_) {
    r.handshake_wait_ms = handshake_pool_->take_recent_wait_ms();
  }
  // Only a rate run's rate is held: a server makes no calls, a -users
  // run's calls follow its users.
  // This process's share of the rate: the cap holds what it offers.
  double asked = cfg_.server_mode || users_
                     ? 0
                     : shard_rate(state_.rate.load(), cfg_.shard_index, cfg_.shard_count);
  std::lock_guard lock(overload_mu_);
  if (overload_.read(r, asked)) {
    state_.rate_cap.store(overload_.cap());
    state_.rate_epoch.fetch_add(1); // the generator's schedule restarts at the new rate
  }
}

Expected<void> Run::set_rate(double rate) {
  if (users_) {
    return Error{"Rates can not be set in a user-based benchmark."};
  }
  if (!(rate >= 0) || !std::isfinite(rate)) { // NaN fails every comparison
    return Error{"Invalid rate value: a number of calls, 0 or more"};
  }
  apply_rate(rate);
  return {};
}

Expected<void> Run::set_call_limit(uint64_t limit) {
  if (users_) {
    return Error{"Can not set call limit for a user-based benchmark."};
  }
  state_.call_limit.store(limit);
  return {};
}

Expected<void> Run::set_users(uint32_t users) {
  if (!users_) {
    return Error{"Users can not be changed at run time for a rate-based benchmark."};
  }
  users_total_.store(users);
  users_->set_users(static_cast<uint32_t>(shard_amount(users, cfg_.shard_index, cfg_.shard_count)));
  return {};
}

void Run::set_paused(bool paused) {
  if (!cfg_.server_mode && !state_.quit.quitting()) {
    state_.paused.store(paused);
  }
}

void Run::stop_gracefully() { state_.quit.graceful(); }

void Run::stop_now() { state_.quit.abort(); }

void Run::reset_stats() {
  StatsSnapshot now = collect(false, false);
  std::lock_guard lock(reset_mu_);
  StatsSnapshot delta = now;
  delta.subtract_cumulative(reset_base_);
  statistics_.rebase(delta);
  rebase_period_ = delta;
  reset_base_ = std::move(now);
  shown_start_ms_ = steady_ms();
  shown_start_wall_us_ = wall_us();
}

Expected<uint32_t> Run::replace_scenario(ScenarioReplacement next) {
  if (next.scenario == nullptr || next.templates == nullptr || next.program == nullptr) {
    return Error{"no compiled scenario to apply"};
  }
  if (shards_.empty() || state_.quit.quitting()) {
    return Error{"the run is ending: no new call would play the scenario"};
  }
  const ScenarioRun &running = versions_.run(versions_.staged());
  if (std::optional<std::string> why =
          replacement_conflict(running.scenario(), *next.scenario, cfg_)) {
    return Error{*why};
  }
  auto version = std::make_unique<ScenarioRun>(cfg_, *next.scenario, *next.templates, next.program);
  // What every version shares with the first: the run's files, tables and
  // counters.
  ScenarioContext &ctx = version->ctx;
  const ScenarioContext &first = main_.ctx;
  ctx.injection_files = first.injection_files;
  ctx.observers = first.observers;
  ctx.call_observer = first.call_observer;
  ctx.call_debug = first.call_debug;
  ctx.error_codes = first.error_codes;
  ctx.rtt = first.rtt;
  ctx.rtt_origin_us = first.rtt_origin_us;
  ctx.tdm_map = first.tdm_map;
  ctx.next_number = first.next_number;
  ctx.dynamic_id = first.dynamic_id;
  for (const auto &[name, value] : cfg_.set_globals) {
    version->variables.set_global(name, value); // -set, where this version declares it
  }
  return versions_.stage(std::move(version), std::move(next));
}

Expected<void> Run::set_trace(std::string_view file, bool on) { return traces_.set(file, on); }

void Run::dump_tasks() {
  // SIPp's task list: its run-wide tasks in the order it makes them, then
  // the calls, open and dead, which each worker thread lists on its next
  // tick.
  std::vector<std::string> lines;
  if (statistics_.writes_rows()) {
    lines.emplace_back("Statistics reporting task.");
  }
  if (cfg_.refresh_ms != 0) {
    lines.emplace_back("Screen update task.");
  }
  if (cfg_.rate_increase != 0) {
    lines.emplace_back("Increasing call rate task.");
  }
  const WatchdogOptions &w = cfg_.watchdog;
  if (w.interval_ms != 0) {
    lines.push_back("Watchdog Task: interval = " + std::to_string(w.interval_ms) +
                    ", major_threshold = " + std::to_string(w.major_threshold_ms) + " (" +
                    std::to_string(w.major_maxtriggers) +
                    " triggers left), minor_threshold = " + std::to_string(w.minor_threshold_ms) +
                    " (" + std::to_string(w.minor_maxtriggers) + " triggers left)");
  }
  if (!cfg_.server_mode && !state_.quit.quitting()) {
    char rate[64];
    std::snprintf(rate, sizeof rate, "%f", state_.rate.load());
    lines.push_back(std::string("Uniform rate call generation task: ") + rate);
  }
  warn("---- " + std::to_string(lines.size() + call_tasks()) + " Active Tasks ----");
  for (const std::string &l : lines) {
    warn(l);
  }
  for (const auto &shard : shards_) {
    shard->dump_requested.store(true);
  }
}

void Run::dump_variables() {
  // SIPp's three tables, outermost first, each sorted by name.
  const std::pair<ir::VarScope, int> levels[] = {
      {ir::VarScope::Global, 0}, {ir::VarScope::User, 1}, {ir::VarScope::Call, 2}};
  for (auto [scope, level] : levels) {
    std::vector<std::string> names;
    for (const ir::Variable &v : versions_.run(versions_.current()).scenario().variables) {
      if (v.scope == scope) {
        names.push_back(v.name);
      }
    }
    std::sort(names.begin(), names.end());
    warn(std::to_string(names.size()) + " level " + std::to_string(level) + " variables:");
    for (const std::string &n : names) {
      warn(n);
    }
  }
}

} // namespace gossipper::runtime
