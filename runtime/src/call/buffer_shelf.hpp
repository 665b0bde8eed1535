//===- buffer_shelf.hpp - Message buffers sized to what they hold -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call keeps two messages: the last it sent (while our retransmission
// timer may send it again) and what [last_X:] reads of the last it received. Kept
// in the call's own strings they take the room of the largest message the
// string ever held -- a call paused after its ACK kept it in the INVITE's
// buffer -- and a string made to measure is an allocation per message. The
// shelf keeps buffers in size classes instead: storing a message swaps the
// call's buffer for one of the message's class and shelves the old one for
// the next call that needs its class. At a steady rate the classes a call
// takes and gives back balance, so nothing is allocated; a kept message
// wastes at most one class step (64 bytes below 768, then 128 to 256).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

class BufferShelf {
public:
  /// `s` = `text`, in a buffer of text's size class.
  void store(std::string &s, std::string_view text);
  /// `s` emptied without a buffer: its own goes back to the shelf (or is
  /// freed, if it is of no class or its class is full).
  void release(std::string &s);

  /// The capacity of class `k`: a malloc chunk of a round size, less the
  /// chunk's header and the string's terminating NUL.
  [[nodiscard]] static size_t class_capacity(size_t k) { return kChunks[k] - 9; }
  /// The smallest class that holds `n` bytes; kClasses when none does.
  [[nodiscard]] static size_t class_for(size_t n);
  /// The class whose capacity is exactly `capacity`; kClasses when none is.
  [[nodiscard]] static size_t class_of(size_t capacity);
  [[nodiscard]] size_t shelved(size_t k) const { return shelves_[k].size(); }

  static constexpr std::array<size_t, 16> kChunks = {128, 192, 256, 320, 384,  448,  512,  576,
                                                     640, 704, 768, 896, 1024, 1280, 1536, 2048};
  static constexpr size_t kClasses = kChunks.size();
  /// Buffers kept per class at most: a burst of ends must not keep memory.
  static constexpr size_t kMaxPerClass = 1024;

private:
  /// Keeps `buffer` (of class `k`) for the next store, unless it is of no
  /// class or its class is full: then it is freed.
  void shelve(std::string buffer, size_t k);

  std::array<std::vector<std::string>, kClasses> shelves_;
};

} // namespace gossipper::runtime
