//===- call_table.hpp - Open calls and dead calls by Call-ID ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every received message looks its Call-ID up here, and a server looks every
// new call's up twice (open, then dead). Node-based hash maps cost a cache
// miss per node and an allocation per entry; these tables are flat arrays
// probed linearly, a slot holding the Call-ID's 64-bit hash, so a lookup
// reads one cache line and compares the characters only when hashes agree.
// Each table is 64 such arrays, chosen by the hash's top bits, that grow on
// their own: doubling one array of two million dead calls (60,000 calls/s
// kept 33 s) stalled its shard for 50 ms, which the overload controller
// rightly took for saturation; doubling a 64th of it takes about 1 ms.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"

#include <boost/circular_buffer.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gossipper::runtime {

[[nodiscard]] uint64_t call_id_hash(std::string_view id);

/// A table's slot arrays, one per value of the hash's top bits.
template <class Slot> struct SlotParts {
  static constexpr unsigned kBits = 6;
  static constexpr size_t kCount = size_t{1} << kBits;
  explicit SlotParts(size_t slots_each) {
    for (std::vector<Slot> &p : parts) {
      p.resize(slots_each);
    }
  }
  [[nodiscard]] static size_t index(uint64_t h) { return h >> (64 - kBits); }
  std::vector<Slot> &of(uint64_t h) { return parts[index(h)]; }
  [[nodiscard]] const std::vector<Slot> &of(uint64_t h) const { return parts[index(h)]; }
  template <class F> void each(F &&f) const {
    for (const std::vector<Slot> &p : parts) {
      for (const Slot &s : p) {
        if (s.occupied()) {
          f(s);
        }
      }
    }
  }
  std::array<std::vector<Slot>, kCount> parts;
  std::array<size_t, kCount> sizes{}; ///< the entries of each
};

/// The open calls of a shard, which it owns.
class CallTable {
public:
  CallTable() : slots_(kInitialSlots) {}
  CallTable(const CallTable &) = delete;
  CallTable &operator=(const CallTable &) = delete;
  ~CallTable();

  [[nodiscard]] Call *find(std::string_view id) const;
  [[nodiscard]] bool contains(std::string_view id) const { return find(id) != nullptr; }
  /// Adds `call` under its id (which no open call has).
  void insert(std::unique_ptr<Call> call);
  /// Removes `call` and hands it back (null when it is not in the table).
  std::unique_ptr<Call> take(const Call *call);
  [[nodiscard]] size_t size() const { return size_; }
  /// The open calls, in no particular order; `f` must not change the table.
  template <class F> void for_each(F &&f) const {
    slots_.each([&](const Slot &s) { f(*s.call); });
  }

private:
  struct Slot {
    uint64_t hash = 0;
    Call *call = nullptr; ///< null: empty
    [[nodiscard]] bool occupied() const { return call != nullptr; }
  };
  static constexpr size_t kInitialSlots = 16; // of each part; a power of two

  SlotParts<Slot> slots_;
  size_t size_ = 0;
};

/// Ended calls remembered for -deadcall_wait: a message for one is counted
/// and dropped instead of starting a call or being "unexpected".
class DeadCallTable {
public:
  DeadCallTable() : slots_(kInitialSlots) {}

  [[nodiscard]] bool contains(std::string_view id) const { return find(id) != kNone; }
  /// Remembers `id` until `expires_ms` (or longer, if it is already there),
  /// with why it ended: SIPp's words (a literal) and the message index it
  /// names (-1: none), put together only for "dump tasks".
  void add(std::string id, uint64_t expires_ms, const char *reason = "", int32_t index = -1);
  /// A late message for a dead call keeps it until `expires_ms`; false when
  /// `id` is no dead call.
  bool extend(std::string_view id, uint64_t expires_ms);
  /// Forgets the calls whose time ended before `now_ms`.
  void expire(uint64_t now_ms);
  /// An empty string with the buffer of a Call-ID that expired, if one is
  /// kept (an empty one otherwise): the next call's Call-ID goes there
  /// without an allocation.
  std::string spare_buffer();
  [[nodiscard]] size_t size() const { return size_; }
  /// `f(id, reason, expires_ms)` for every dead call.
  template <class F> void for_each(F &&f) const {
    slots_.each([&](const Slot &s) {
      f(s.id, s.index < 0 ? std::string(s.reason) : s.reason + std::to_string(s.index),
        s.expires_ms);
    });
  }

private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t expires_ms = 0;
    std::string id; ///< empty: the slot is free
    const char *reason = "";
    int32_t index = -1;
    [[nodiscard]] bool occupied() const { return !id.empty(); }
  };
  static constexpr size_t kInitialSlots = 16; // of each part
  static constexpr size_t kNone = SIZE_MAX;
  static constexpr size_t kMaxSpare = 1024; ///< buffers kept at most
  [[nodiscard]] size_t find(std::string_view id) const;
  void queue_expiry(uint64_t expires_ms, uint64_t h);

  SlotParts<Slot> slots_;
  size_t size_ = 0;
  /// Deaths in order: deadcall_wait is one value, so the front expires
  /// first (an entry extended by a late message is queued again). A ring
  /// that doubles when full: a deque allocates a block every 32 deaths.
  boost::circular_buffer<std::pair<uint64_t, uint64_t>> expiry_; ///< (expires_ms, hash)
  std::vector<std::string> spare_; ///< expired Call-IDs' buffers, emptied
};

} // namespace gossipper::runtime
