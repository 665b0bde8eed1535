//===- call_generator.cpp - New calls at the requested rate ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "engine/call_generator.hpp"

#include "call/call_id_builder.hpp"

namespace gossipper::runtime {

void CallGenerator::on_tick(uint64_t now_ms) {
  if (cfg_.server_mode || state_.quit.quitting() || state_.paused.load()) {
    epoch_ = UINT64_MAX; // restart the schedule from now when resumed
    return;
  }
  if (users_ != nullptr) {
    open_for_users();
    return;
  }
  open_at_rate(now_ms);
}

uint64_t CallGenerator::within_max_calls(uint64_t to_open) const {
  uint64_t created = state_.created.load();
  uint64_t max_calls = own_max_calls(cfg_);
  if (max_calls != 0 && created + to_open > max_calls) {
    return max_calls > created ? max_calls - created : 0;
  }
  return to_open;
}

void CallGenerator::open_one(uint32_t user) {
  uint32_t number = take_call_number(next_number_, cfg_);
  make_call_id(cfg_, number, call_id_);
  state_.created.fetch_add(1);
  dispatch_(number, call_id_, user);
}

void CallGenerator::open_at_rate(uint64_t now_ms) {
  uint64_t epoch = state_.rate_epoch.load();
  if (epoch != epoch_) {
    epoch_ = epoch;
    since_ms_ = now_ms;
    since_calls_ = 0;
  }
  // The rate and the limit are the run's totals wherever they are set (the
  // command line, -rate_increase, the keys, the API): this process's share
  // is taken here, where they become calls.
  double rate = shard_rate(state_.rate.load(), cfg_.shard_index, cfg_.shard_count);
  if (double cap = state_.rate_cap.load(); cap > 0 && cap < rate) {
    rate = cap; // the overload controller holds the rate
  }
  auto expected =
      static_cast<uint64_t>(static_cast<double>(now_ms - since_ms_) * (rate / cfg_.rate_period_ms));
  if (expected <= since_calls_) {
    return;
  }
  uint64_t to_open = within_max_calls(expected - since_calls_);
  since_calls_ += to_open; // shed, not deferred, when the limit cuts them
  if (uint64_t max_calls = own_max_calls(cfg_);
      max_calls != 0 && state_.created.load() + to_open >= max_calls && to_open != 0) {
    wake_(); // the last call of -m: the run loop starts the ending now
  }
  uint64_t limit = shard_limit(state_.call_limit.load(), cfg_.shard_index, cfg_.shard_count);
  uint64_t open = open_calls_();
  if (limit != 0 && open + to_open > limit) {
    to_open = limit > open ? limit - open : 0;
  }
  for (uint64_t i = 0; i < to_open; ++i) {
    open_one(0);
  }
}

void CallGenerator::open_for_users() {
  // -users: a call for every user not in one, within -m.
  uint64_t to_open = within_max_calls(users_->startable());
  for (uint64_t i = 0; i < to_open; ++i) {
    std::optional<uint32_t> user = users_->take();
    if (!user) {
      break;
    }
    open_one(*user);
  }
}

} // namespace gossipper::runtime
