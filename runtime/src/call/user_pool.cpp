//===- user_pool.cpp - SIPp's -users: a closed loop of users ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/user_pool.hpp"

namespace gossipper::runtime {

UserPool::UserPool(uint32_t users) : users_(users), highest_(users) {
  for (uint32_t id = 1; id <= users; ++id) {
    free_.push_back(id);
  }
}

std::optional<uint32_t> UserPool::take() {
  std::lock_guard lock(mu_);
  if (free_.empty() || in_use_ >= users_) {
    return std::nullopt;
  }
  uint32_t id = free_.back(); // SIPp takes from the back, returns to the front
  free_.pop_back();
  ++in_use_;
  return id;
}

void UserPool::give_back(uint32_t user) {
  std::lock_guard lock(mu_);
  if (in_use_ > 0) {
    --in_use_;
  }
  if (in_use_ >= users_) {
    retired_.push_front(user); // more calls than users: this one retires
  } else {
    free_.push_front(user);
  }
}

void UserPool::set_users(uint32_t users) {
  std::lock_guard lock(mu_);
  uint32_t counted = users_;
  while (counted < users) {
    uint32_t id = 0;
    if (!retired_.empty()) {
      id = retired_.back();
      retired_.pop_back();
    } else {
      id = ++highest_;
    }
    free_.push_front(id);
    ++counted;
  }
  users_ = users;
  // Fewer users: idle ones retire now, those in calls as their calls end, so
  // no more than `users` distinct users run from here on.
  while (!free_.empty() && free_.size() + in_use_ > users_) {
    retired_.push_front(free_.front());
    free_.pop_front();
  }
}

uint32_t UserPool::users() const {
  std::lock_guard lock(mu_);
  return users_;
}

uint32_t UserPool::startable() const {
  std::lock_guard lock(mu_);
  return users_ > in_use_ ? users_ - in_use_ : 0;
}

} // namespace gossipper::runtime
