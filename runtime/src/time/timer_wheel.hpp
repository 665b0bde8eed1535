//===- timer_wheel.hpp - Hashed timer wheel, 1 ms ticks --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every call has one timer node embedded in it (its next wake-up: end of a
// pause, a receive timeout, a retransmission), so arming, re-arming and
// cancelling are O(1) and allocate nothing. Deadlines further than one turn
// of the wheel stay in their slot and are skipped until their turn comes.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace gossipper::runtime {

struct TimerNode {
  TimerNode *prev = nullptr;
  TimerNode *next = nullptr;
  uint64_t deadline_ms = 0;
  [[nodiscard]] bool armed() const { return prev != nullptr; }
};

class TimerWheel {
public:
  static constexpr size_t kSlots = 4096; // a power of two: 4.096 s per turn

  explicit TimerWheel(uint64_t now_ms = 0);
  TimerWheel(const TimerWheel &) = delete;
  TimerWheel &operator=(const TimerWheel &) = delete;

  /// Arms (or re-arms) `node` to fire at `deadline_ms`; a deadline in the past
  /// fires on the next advance.
  void schedule(TimerNode &node, uint64_t deadline_ms);
  void cancel(TimerNode &node);

  /// Moves time to `now_ms` and calls `fire(TimerNode&)` for every node whose
  /// deadline has come, in deadline-slot order. `fire` may re-arm any node.
  template <class F> void advance(uint64_t now_ms, F &&fire);

  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] uint64_t now() const { return now_; }

private:
  static void unlink(TimerNode &n);
  TimerNode &slot(uint64_t ms) { return heads_[ms & (kSlots - 1)]; }

  std::array<TimerNode, kSlots> heads_;
  uint64_t now_;
  size_t size_ = 0;
};

template <class F> void TimerWheel::advance(uint64_t now_ms, F &&fire) {
  if (now_ms < now_) {
    return;
  }
  // Visit each slot from the last tick to now (at most one full turn).
  uint64_t from = now_ + 1;
  if (now_ms - now_ >= kSlots) {
    from = now_ms - kSlots + 1;
  }
  now_ = now_ms;
  for (uint64_t t = from; t <= now_ms; ++t) {
    TimerNode &head = slot(t);
    if (head.next == &head) {
      continue;
    }
    // Take the slot's nodes aside, so callbacks may arm or cancel any node.
    TimerNode pending;
    pending.next = head.next;
    pending.prev = head.prev;
    head.next->prev = &pending;
    head.prev->next = &pending;
    head.next = head.prev = &head;
    while (pending.next != &pending) {
      TimerNode *n = pending.next;
      unlink(*n);
      if (n->deadline_ms <= now_ms) {
        --size_;
        fire(*n);
      } else {
        n->next = &head; // a later turn: back in its slot
        n->prev = head.prev;
        head.prev->next = n;
        head.prev = n;
      }
    }
  }
}

} // namespace gossipper::runtime
