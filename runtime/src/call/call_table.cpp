//===- call_table.cpp - Open calls and dead calls by Call-ID --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Linear probing at most half full; removal shifts the following run of
// slots back (no tombstones, so a long run does not slow later lookups).
// Both tables share the probing below; a slot says whether it is occupied.
//
//===----------------------------------------------------------------------===//
#include "call/call_table.hpp"

#include "sip/byte_hash.hpp"

#include <algorithm>
#include <utility>

namespace gossipper::runtime {

uint64_t call_id_hash(std::string_view id) {
  uint64_t h = hash_bytes(0xcbf29ce484222325ULL, id);
  return h ^ (h >> 32); // the slot index takes the low bits
}

namespace {

constexpr size_t kNotFound = SIZE_MAX;

/// The slot of `h`'s probe run that `match` accepts, or kNotFound.
template <class Slot, class Match>
size_t find_slot(const std::vector<Slot> &slots, uint64_t h, Match match) {
  size_t mask = slots.size() - 1;
  for (size_t i = h & mask; slots[i].occupied(); i = (i + 1) & mask) {
    if (slots[i].hash == h && match(slots[i])) {
      return i;
    }
  }
  return kNotFound;
}

/// The first free slot of `h`'s probe run.
template <class Slot> size_t free_slot(const std::vector<Slot> &slots, uint64_t h) {
  size_t mask = slots.size() - 1;
  size_t i = h & mask;
  while (slots[i].occupied()) {
    i = (i + 1) & mask;
  }
  return i;
}

/// Doubles the array when one more entry would fill it past half.
template <class Slot> void grow_for_one_more(std::vector<Slot> &slots, size_t size) {
  if ((size + 1) * 2 <= slots.size()) {
    return;
  }
  std::vector<Slot> old(slots.size() * 2);
  old.swap(slots);
  for (Slot &s : old) {
    if (s.occupied()) {
      slots[free_slot(slots, s.hash)] = std::move(s);
    }
  }
}

/// Empties a slot and frees what it held. Assigning an empty Slot would not:
/// a string assigned a short one keeps its buffer, so a dead-call table's
/// freed slots kept their Call-IDs' memory, and a long run's RSS grew as
/// the dead calls wandered over the whole array.
template <class Slot> void clear_slot(Slot &slot) { (void)std::exchange(slot, Slot{}); }

/// Empties slot `i` and pulls later slots of its run back into the hole when
/// their home is at or before it.
template <class Slot> void erase_slot(std::vector<Slot> &slots, size_t i) {
  size_t mask = slots.size() - 1;
  clear_slot(slots[i]);
  for (size_t j = (i + 1) & mask; slots[j].occupied(); j = (j + 1) & mask) {
    size_t home = slots[j].hash & mask;
    if (((j - home) & mask) >= ((j - i) & mask)) {
      slots[i] = std::move(slots[j]);
      clear_slot(slots[j]);
      i = j;
    }
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// CallTable
//===----------------------------------------------------------------------===//

CallTable::~CallTable() {
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): the table owns its calls
  slots_.each([](const Slot &s) { delete s.call; });
}

Call *CallTable::find(std::string_view id) const {
  uint64_t h = call_id_hash(id);
  const std::vector<Slot> &part = slots_.of(h);
  size_t i = find_slot(part, h, [&](const Slot &s) { return s.call->id == id; });
  return i == kNotFound ? nullptr : part[i].call;
}

void CallTable::insert(std::unique_ptr<Call> call) {
  uint64_t h = call_id_hash(call->id);
  std::vector<Slot> &part = slots_.of(h);
  size_t &in_part = slots_.sizes[SlotParts<Slot>::index(h)];
  grow_for_one_more(part, in_part);
  part[free_slot(part, h)] = Slot{h, call.release()};
  ++in_part;
  ++size_;
}

std::unique_ptr<Call> CallTable::take(const Call *call) {
  uint64_t h = call_id_hash(call->id);
  std::vector<Slot> &part = slots_.of(h);
  size_t i = find_slot(part, h, [&](const Slot &s) { return s.call == call; });
  if (i == kNotFound) {
    return nullptr;
  }
  std::unique_ptr<Call> out(part[i].call);
  erase_slot(part, i);
  --slots_.sizes[SlotParts<Slot>::index(h)];
  --size_;
  return out;
}

//===----------------------------------------------------------------------===//
// DeadCallTable
//===----------------------------------------------------------------------===//

size_t DeadCallTable::find(std::string_view id) const {
  uint64_t h = call_id_hash(id);
  return find_slot(slots_.of(h), h, [&](const Slot &s) { return s.id == id; });
}

void DeadCallTable::add(std::string id, uint64_t expires_ms, const char *reason, int32_t index) {
  if (id.empty()) {
    return; // an empty slot means free: a call without a Call-ID is not kept
  }
  if (extend(id, expires_ms)) {
    return;
  }
  uint64_t h = call_id_hash(id);
  std::vector<Slot> &part = slots_.of(h);
  size_t &in_part = slots_.sizes[SlotParts<Slot>::index(h)];
  grow_for_one_more(part, in_part);
  part[free_slot(part, h)] = Slot{h, expires_ms, std::move(id), reason, index};
  ++in_part;
  ++size_;
  queue_expiry(expires_ms, h);
}

void DeadCallTable::queue_expiry(uint64_t expires_ms, uint64_t h) {
  if (expiry_.full()) {
    expiry_.set_capacity(std::max<size_t>(kInitialSlots, expiry_.capacity() * 2));
  }
  expiry_.push_back({expires_ms, h});
}

std::string DeadCallTable::spare_buffer() {
  if (spare_.empty()) {
    return {};
  }
  std::string out = std::move(spare_.back());
  spare_.pop_back();
  return out;
}

bool DeadCallTable::extend(std::string_view id, uint64_t expires_ms) {
  size_t at = find(id);
  if (at == kNone) {
    return false;
  }
  Slot &slot = slots_.of(call_id_hash(id))[at];
  slot.expires_ms = std::max(slot.expires_ms, expires_ms);
  return true;
}

void DeadCallTable::expire(uint64_t now_ms) {
  while (!expiry_.empty() && expiry_.front().first < now_ms) {
    auto [expires, h] = expiry_.front();
    expiry_.pop_front();
    // The entry of that hash queued at that time: gone, extended or due.
    std::vector<Slot> &part = slots_.of(h);
    size_t i = find_slot(part, h, [](const Slot &) { return true; });
    if (i == kNotFound) {
      continue;
    }
    if (part[i].expires_ms < now_ms) {
      if (spare_.size() < kMaxSpare) {
        std::string &id = part[i].id;
        id.clear();
        spare_.push_back(std::move(id));
      }
      erase_slot(part, i);
      --slots_.sizes[SlotParts<Slot>::index(h)];
      --size_;
    } else if (part[i].expires_ms != expires) {
      queue_expiry(part[i].expires_ms, h); // extended by a late message
    }
  }
}

} // namespace gossipper::runtime
