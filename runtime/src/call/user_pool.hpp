//===- user_pool.hpp - SIPp's -users: a closed loop of users ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// With -users N, SIPp keeps N calls open instead of opening them at a rate:
// each call takes a user id (its [userid]) from a pool and gives it back when
// it ends, and a new call starts for every free user. Lowering N retires ids
// as their calls end; raising it brings retired ids back first, then new
// ones. The generator takes ids on one thread and calls return them on any
// shard's, so the pool has a lock: one per call, never per message.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace gossipper::runtime {

class UserPool {
public:
  explicit UserPool(uint32_t users);

  /// A free user for a new call; none when every user is in a call.
  std::optional<uint32_t> take();
  /// The call of `user` ended.
  void give_back(uint32_t user);
  /// The + - * / keys and "set users N".
  void set_users(uint32_t users);
  [[nodiscard]] uint32_t users() const;
  /// Users that may start a call now (users - calls in progress, at least 0).
  [[nodiscard]] uint32_t startable() const;

private:
  mutable std::mutex mu_;
  uint32_t users_ = 0;
  uint32_t highest_ = 0; ///< the highest id ever handed out
  uint32_t in_use_ = 0;
  std::deque<uint32_t> free_;
  std::deque<uint32_t> retired_;
};

} // namespace gossipper::runtime
