//===- call_generator.hpp - New calls at the requested rate ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's CallGenerationTask, run on shard 0's tick: as many calls as the
// rate (-r per -rp) owes since the rate last changed, within -m and the
// open-call limit (-l; calls the limit cuts are shed, not deferred), or with
// -users a call for every user not in one (docs/sipp-behaviour.md, "Call
// generation and the rate"). Each call gets SIPp's number and Call-ID and is
// handed to the shard its Call-ID hashes to. In a sharded run (-shard I/N)
// it opens this process's share of the rate, -m and -l, and numbers its
// calls in its stride (docs/sharding.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/user_pool.hpp"
#include "control/run_state.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/runtime/run_share.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class CallGenerator {
public:
  /// Where a new call goes: its number, Call-ID (valid during the call)
  /// and user (0: none).
  using Dispatch = std::function<void(uint32_t number, std::string_view call_id, uint32_t user)>;

  CallGenerator(const RunConfig &cfg, RunState &state, UserPool *users,
                std::atomic<uint32_t> &next_number, Dispatch dispatch,
                std::function<uint64_t()> open_calls, std::function<void()> wake)
      : cfg_(cfg), state_(state), users_(users), next_number_(next_number),
        dispatch_(std::move(dispatch)), open_calls_(std::move(open_calls)), wake_(std::move(wake)) {
  }

  /// Opens the calls due at `now_ms`.
  void on_tick(uint64_t now_ms);

private:
  void open_at_rate(uint64_t now_ms);
  void open_for_users();
  /// `to_open` cut to what -m leaves.
  [[nodiscard]] uint64_t within_max_calls(uint64_t to_open) const;
  void open_one(uint32_t user);

  const RunConfig &cfg_;
  RunState &state_;
  UserPool *users_;
  std::atomic<uint32_t> &next_number_;
  Dispatch dispatch_;
  std::function<uint64_t()> open_calls_;
  std::function<void()> wake_;
  std::string call_id_; ///< the next call's, in a buffer made once
  // Since the last change of rate (or pause): when, and how many calls.
  uint64_t epoch_ = UINT64_MAX;
  uint64_t since_ms_ = 0;
  uint64_t since_calls_ = 0;
};

} // namespace gossipper::runtime
