//===- message_bytes.hpp - The bytes of a message being written -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A growable byte string whose layout is the data, size and capacity of the
// ABI's gsp_buf_head, so that compiled scenario code can copy a template's
// literal text straight into it instead of calling the runtime for every
// run of text. std::string hides its layout; this does not. The subset of
// std::string the renderer uses, with the same meaning.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class MessageBytes {
public:
  static constexpr size_t npos = std::string_view::npos;

  MessageBytes() = default;
  MessageBytes(const MessageBytes &other) { append(other.view()); }
  MessageBytes(MessageBytes &&other) noexcept
      : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
  }
  MessageBytes &operator=(const MessageBytes &other) {
    if (this != &other) {
      assign(other.view());
    }
    return *this;
  }
  MessageBytes &operator=(MessageBytes &&other) noexcept;
  MessageBytes &operator=(std::string_view text) {
    assign(text);
    return *this;
  }
  ~MessageBytes();

  [[nodiscard]] const char *data() const { return data_; }
  [[nodiscard]] char *data() { return data_; }
  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] size_t capacity() const { return capacity_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] char back() const { return data_[size_ - 1]; }
  [[nodiscard]] std::string_view view() const { return {data_, size_}; }
  operator std::string_view() const { return view(); } // NOLINT: used as text everywhere
  [[nodiscard]] std::string str() const { return std::string(view()); }

  void clear() { size_ = 0; }
  void reserve(size_t n) {
    if (n > capacity_) {
      grow(n);
    }
  }
  void assign(std::string_view text) {
    size_ = 0;
    append(text);
  }
  /// `p` must not point into this buffer: growing frees the old bytes.
  void append(const char *p, size_t n) {
    if (size_ + n > capacity_) {
      grow(size_ + n);
    }
    if (n != 0) {
      std::memcpy(data_ + size_, p, n);
    }
    size_ += n;
  }
  void append(std::string_view text) { append(text.data(), text.size()); }
  void push_back(char c) { append(&c, 1); }
  MessageBytes &operator+=(std::string_view text) {
    append(text);
    return *this;
  }
  MessageBytes &operator+=(char c) {
    push_back(c);
    return *this;
  }

  [[nodiscard]] size_t find(std::string_view what, size_t from = 0) const {
    return view().find(what, from);
  }
  [[nodiscard]] size_t find(char c, size_t from = 0) const { return view().find(c, from); }
  [[nodiscard]] bool starts_with(std::string_view prefix) const {
    return view().starts_with(prefix);
  }
  [[nodiscard]] std::string substr(size_t at, size_t n = npos) const {
    return std::string(view().substr(at, n));
  }
  /// Replaces the `n` bytes at `at` (n clamped to the end) with `text`.
  void replace(size_t at, size_t n, std::string_view text);
  void insert(size_t at, std::string_view text) { replace(at, 0, text); }
  void erase(size_t at, size_t n = npos) { replace(at, n, {}); }

  friend bool operator==(const MessageBytes &a, std::string_view b) { return a.view() == b; }
  friend std::ostream &operator<<(std::ostream &os, const MessageBytes &b) {
    return os << b.view();
  }

private:
  /// Makes room for at least `n` bytes, keeping the ones written.
  void grow(size_t n);

  // The order and types of gsp_buf_head's first three fields (abi.h).
  char *data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

} // namespace gossipper::runtime
