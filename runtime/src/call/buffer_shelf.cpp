//===- buffer_shelf.cpp - Message buffers sized to what they hold ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/buffer_shelf.hpp"

#include <utility>

namespace gossipper::runtime {

size_t BufferShelf::class_for(size_t n) {
  for (size_t k = 0; k < kClasses; ++k) {
    if (class_capacity(k) >= n) {
      return k;
    }
  }
  return kClasses;
}

size_t BufferShelf::class_of(size_t capacity) {
  size_t k = class_for(capacity);
  return k < kClasses && class_capacity(k) == capacity ? k : kClasses;
}

void BufferShelf::store(std::string &s, std::string_view text) {
  size_t want = class_for(text.size());
  size_t have = class_of(s.capacity());
  if (want == have) {
    s.assign(text);
    return;
  }
  std::string other;
  if (want == kClasses) {
    // Larger than every class: made to measure as std::string makes it,
    // the call's buffer shelved.
  } else if (!shelves_[want].empty()) {
    other = std::move(shelves_[want].back());
    shelves_[want].pop_back();
  } else {
    other.reserve(class_capacity(want)); // exactly: libstdc++ grows a new string to the size asked
  }
  other.assign(text);
  std::swap(s, other);
  shelve(std::move(other), have);
}

void BufferShelf::release(std::string &s) {
  size_t have = class_of(s.capacity());
  std::string old;
  std::swap(s, old);
  shelve(std::move(old), have);
}

void BufferShelf::shelve(std::string buffer, size_t k) {
  if (k < kClasses && shelves_[k].size() < kMaxPerClass) {
    shelves_[k].push_back(std::move(buffer));
  }
}

} // namespace gossipper::runtime
