//===- call_table.cpp - Open calls and dead calls by Call-ID --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Linear probing at most half full; removal shifts the following run of
// slots back (no tombstones, so a long run does not slow later lookups).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/call_table.hpp"

#include "gossipper/runtime/byte_hash.hpp"

namespace gossipper::runtime {

uint64_t call_id_hash(std::string_view id) {
  uint64_t h = hash_bytes(0xcbf29ce484222325ULL, id);
  return h ^ (h >> 32); // the slot index takes the low bits
}

//===----------------------------------------------------------------------===//
// CallTable
//===----------------------------------------------------------------------===//

CallTable::~CallTable() {
  for (Slot &s : slots_) {
    delete s.call; // NOLINT(cppcoreguidelines-owning-memory): the table owns its calls
  }
}

Call *CallTable::find(std::string_view id) const {
  uint64_t h = call_id_hash(id);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot &s = slots_[i];
    if (s.call == nullptr) {
      return nullptr;
    }
    if (s.hash == h && s.call->id == id) {
      return s.call;
    }
  }
}

void CallTable::place(Slot s) {
  size_t mask = slots_.size() - 1;
  size_t i = s.hash & mask;
  while (slots_[i].call != nullptr) {
    i = (i + 1) & mask;
  }
  slots_[i] = s;
}

void CallTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  for (const Slot &s : old) {
    if (s.call != nullptr) {
      place(s);
    }
  }
}

void CallTable::insert(std::unique_ptr<Call> call) {
  if ((size_ + 1) * 2 > slots_.size()) {
    grow();
  }
  place(Slot{call_id_hash(call->id), call.release()});
  ++size_;
}

std::unique_ptr<Call> CallTable::take(const Call *call) {
  uint64_t h = call_id_hash(call->id);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i].call != call) {
    if (slots_[i].call == nullptr) {
      return nullptr;
    }
    i = (i + 1) & mask;
  }
  std::unique_ptr<Call> out(slots_[i].call);
  slots_[i] = Slot{};
  --size_;
  // Backward shift: pull later slots of the run into the hole when their
  // home is at or before it.
  for (size_t j = (i + 1) & mask; slots_[j].call != nullptr; j = (j + 1) & mask) {
    size_t home = slots_[j].hash & mask;
    if (((j - home) & mask) >= ((j - i) & mask)) {
      slots_[i] = slots_[j];
      slots_[j] = Slot{};
      i = j;
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// DeadCallTable
//===----------------------------------------------------------------------===//

size_t DeadCallTable::find(std::string_view id) const {
  uint64_t h = call_id_hash(id);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot &s = slots_[i];
    if (s.id.empty()) {
      return kNone;
    }
    if (s.hash == h && s.id == id) {
      return i;
    }
  }
}

void DeadCallTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  size_t mask = slots_.size() - 1;
  for (Slot &s : old) {
    if (s.id.empty()) {
      continue;
    }
    size_t i = s.hash & mask;
    while (!slots_[i].id.empty()) {
      i = (i + 1) & mask;
    }
    slots_[i] = std::move(s);
  }
}

void DeadCallTable::add(const std::string &id, uint64_t expires_ms, const char *reason,
                        int32_t index) {
  if (id.empty()) {
    return; // an empty slot means free: a call without a Call-ID is not kept
  }
  if (size_t at = find(id); at != kNone) {
    extend(id, expires_ms);
    return;
  }
  if ((size_ + 1) * 2 > slots_.size()) {
    grow();
  }
  uint64_t h = call_id_hash(id);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (!slots_[i].id.empty()) {
    i = (i + 1) & mask;
  }
  slots_[i].hash = h;
  slots_[i].expires_ms = expires_ms;
  slots_[i].id = id;
  slots_[i].reason = reason;
  slots_[i].index = index;
  ++size_;
  expiry_.emplace_back(expires_ms, h);
}

bool DeadCallTable::extend(std::string_view id, uint64_t expires_ms) {
  size_t at = find(id);
  if (at == kNone) {
    return false;
  }
  slots_[at].expires_ms = std::max(slots_[at].expires_ms, expires_ms);
  return true;
}

void DeadCallTable::erase_at(size_t i) {
  size_t mask = slots_.size() - 1;
  slots_[i].id.clear();
  --size_;
  for (size_t j = (i + 1) & mask; !slots_[j].id.empty(); j = (j + 1) & mask) {
    size_t home = slots_[j].hash & mask;
    if (((j - home) & mask) >= ((j - i) & mask)) {
      slots_[i] = std::move(slots_[j]);
      slots_[j].id.clear();
      i = j;
    }
  }
}

void DeadCallTable::expire(uint64_t now_ms) {
  size_t mask = slots_.size() - 1;
  while (!expiry_.empty() && expiry_.front().first < now_ms) {
    auto [expires, h] = expiry_.front();
    expiry_.pop_front();
    // The entry of that hash queued at that time: gone, extended or due.
    for (size_t i = h & mask; !slots_[i].id.empty(); i = (i + 1) & mask) {
      Slot &s = slots_[i];
      if (s.hash != h) {
        continue;
      }
      if (s.expires_ms < now_ms) {
        erase_at(i);
      } else if (s.expires_ms != expires) {
        expiry_.emplace_back(s.expires_ms, h); // extended by a late message
      }
      break;
    }
  }
}

} // namespace gossipper::runtime
