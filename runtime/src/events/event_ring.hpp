//===- event_ring.hpp - The rings the shards write events into -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One bounded single-producer single-consumer ring per thread that makes
// events (each shard; the main thread for engine.* and errors), drained by
// the exporter thread alone. A thread takes its ring at its first event,
// by one fetch_add and one allocation; after that a push is a lock-free
// write. A full ring drops the event and counts it: a shard never waits.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event.hpp"

#include <boost/lockfree/spsc_queue.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

namespace gossipper::runtime::events {

class EventRings {
public:
  /// More threads than this share the last ring's fate: their events drop.
  static constexpr uint32_t kMaxRings = 256;

  explicit EventRings(uint32_t capacity);
  ~EventRings();
  EventRings(const EventRings &) = delete;
  EventRings &operator=(const EventRings &) = delete;

  /// Queues from the calling thread's ring; false (counted) when full.
  bool push(const Event &event);
  /// The exporter's side: hands each queued event to `f`.
  template <class F> size_t drain(F &&f) {
    size_t n = 0;
    uint32_t rings = std::min(claimed_.load(std::memory_order_acquire), kMaxRings);
    for (uint32_t i = 0; i < rings; ++i) {
      Slot *s = rings_[i].load(std::memory_order_acquire);
      if (s == nullptr) {
        continue; // claimed, not yet made
      }
      n += s->ring.consume_all([&](const Event &e) { f(e); });
    }
    drained_.fetch_add(n, std::memory_order_relaxed);
    return n;
  }
  /// Events taken out so far.
  [[nodiscard]] uint64_t drained() const { return drained_.load(std::memory_order_relaxed); }
  /// Events a full ring refused (any thread).
  [[nodiscard]] uint64_t dropped() const;

private:
  /// A thread's ring, and its own drop counter (no cache line shared with
  /// another shard's).
  struct alignas(64) Slot {
    explicit Slot(uint32_t capacity) : ring(capacity) {}
    boost::lockfree::spsc_queue<Event> ring;
    std::atomic<uint64_t> dropped{0};
  };
  Slot *slot_of_this_thread();

  uint32_t capacity_;
  /// Tells a thread's cached ring from a ring of an earlier EventRings.
  uint64_t generation_;
  std::atomic<uint32_t> claimed_{0};
  std::array<std::atomic<Slot *>, kMaxRings> rings_{};
  /// Events of threads past kMaxRings.
  std::atomic<uint64_t> unringed_{0};
  std::atomic<uint64_t> drained_{0}; ///< written by the exporter's thread alone
};

} // namespace gossipper::runtime::events
