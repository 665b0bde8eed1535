//===- timer_wheel.cpp - Hashed timer wheel, 1 ms ticks -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "time/timer_wheel.hpp"

namespace gossipper::runtime {

TimerWheel::TimerWheel(uint64_t now_ms) : now_(now_ms) {
  for (TimerNode &h : heads_) {
    h.prev = &h;
    h.next = &h;
  }
}

void TimerWheel::unlink(TimerNode &n) {
  n.prev->next = n.next;
  n.next->prev = n.prev;
  n.prev = nullptr;
  n.next = nullptr;
}

void TimerWheel::schedule(TimerNode &node, uint64_t deadline_ms) {
  if (node.armed()) {
    unlink(node);
    --size_;
  }
  // A deadline already past goes to the next tick's slot.
  uint64_t at = deadline_ms <= now_ ? now_ + 1 : deadline_ms;
  node.deadline_ms = deadline_ms;
  TimerNode &head = slot(at);
  node.next = &head;
  node.prev = head.prev;
  head.prev->next = &node;
  head.prev = &node;
  ++size_;
}

void TimerWheel::cancel(TimerNode &node) {
  if (node.armed()) {
    unlink(node);
    --size_;
  }
}

} // namespace gossipper::runtime
