//===- event_ring.cpp - The rings the shards write events into ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/event_ring.hpp"

namespace gossipper::runtime::events {

namespace {

std::atomic<uint64_t> next_generation{1};

/// The calling thread's ring, and the EventRings it belongs to.
struct ThreadRing {
  uint64_t generation = 0;
  void *ring = nullptr;
};
thread_local ThreadRing this_thread_ring;

} // namespace

EventRings::EventRings(uint32_t capacity)
    : capacity_(capacity), generation_(next_generation.fetch_add(1)) {}

EventRings::~EventRings() {
  for (auto &r : rings_) {
    delete r.load(std::memory_order_acquire);
  }
}

EventRings::Slot *EventRings::slot_of_this_thread() {
  ThreadRing &mine = this_thread_ring;
  if (mine.generation == generation_) {
    return static_cast<Slot *>(mine.ring);
  }
  uint32_t i = claimed_.fetch_add(1, std::memory_order_acq_rel);
  Slot *slot = nullptr;
  if (i < kMaxRings) {
    slot = new Slot(capacity_);
    rings_[i].store(slot, std::memory_order_release);
  }
  mine = {generation_, slot};
  return slot;
}

bool EventRings::push(const Event &event) {
  Slot *slot = slot_of_this_thread();
  if (slot == nullptr) {
    unringed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (slot->ring.push(event)) {
    return true;
  }
  slot->dropped.fetch_add(1, std::memory_order_relaxed);
  return false;
}

uint64_t EventRings::dropped() const {
  uint64_t n = unringed_.load(std::memory_order_relaxed);
  uint32_t rings = std::min(claimed_.load(std::memory_order_acquire), kMaxRings);
  for (uint32_t i = 0; i < rings; ++i) {
    if (const Slot *s = rings_[i].load(std::memory_order_acquire)) {
      n += s->dropped.load(std::memory_order_relaxed);
    }
  }
  return n;
}

} // namespace gossipper::runtime::events
