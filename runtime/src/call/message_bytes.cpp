//===- message_bytes.cpp - The bytes of a message being written -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/message_bytes.hpp"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace gossipper::runtime {

MessageBytes &MessageBytes::operator=(MessageBytes &&other) noexcept {
  if (this != &other) {
    ::operator delete(data_);
    data_ = other.data_;
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
  }
  return *this;
}

MessageBytes::~MessageBytes() { ::operator delete(data_); }

void MessageBytes::grow(size_t n) {
  // Doubling, as std::string does, so appending byte by byte stays linear;
  // through operator new so allocation counting sees it.
  size_t capacity = std::max({n, capacity_ * 2, size_t{256}});
  auto *bytes = static_cast<char *>(::operator new(capacity));
  if (size_ != 0) {
    std::memcpy(bytes, data_, size_);
  }
  ::operator delete(data_);
  data_ = bytes;
  capacity_ = capacity;
}

void MessageBytes::replace(size_t at, size_t n, std::string_view text) {
  if (at > size_) {
    throw std::out_of_range("MessageBytes::replace");
  }
  n = std::min(n, size_ - at);
  size_t tail = size_ - at - n;
  size_t size = size_ - n + text.size();
  if (size > capacity_) {
    grow(size);
  }
  // `text` must not lie in this buffer (no caller's does): moving the tail
  // could overwrite it.
  if (tail != 0) {
    std::memmove(data_ + at + text.size(), data_ + at + n, tail);
  }
  if (!text.empty()) {
    std::memcpy(data_ + at, text.data(), text.size());
  }
  size_ = size;
}

} // namespace gossipper::runtime
