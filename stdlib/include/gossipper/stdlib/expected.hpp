//===- expected.hpp - A value, or the reason there is none -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The one convention for a function that can fail: it returns Expected<T>,
// the value or an Error whose message is written for the user (SIPp's words
// where SIPp has them). Nothing throws across a module boundary, and an
// out-parameter never carries the error. std::expected is C++23; g++ 12 has
// none, so this is the small part of it we use.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gossipper {

/// Why something failed: a message for the user, and the exit code the
/// failure calls for when it ends the process (0: the caller decides).
struct Error {
  std::string message;
  int exit_code = 0;
};

template <class T> class [[nodiscard]] Expected {
public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {} // NOLINT: implicit by design
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {} // NOLINT

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T &value() & {
    assert(ok());
    return *std::get_if<0>(&v_);
  }
  const T &value() const & {
    assert(ok());
    return *std::get_if<0>(&v_);
  }
  T &&value() && {
    assert(ok());
    return std::move(*std::get_if<0>(&v_));
  }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }
  T &&operator*() && { return std::move(*this).value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

  [[nodiscard]] const Error &error() const {
    assert(!ok());
    return *std::get_if<1>(&v_);
  }

private:
  std::variant<T, Error> v_;
};

/// A function that returns nothing but can fail.
template <> class [[nodiscard]] Expected<void> {
public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)) {} // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const Error &error() const {
    assert(!ok());
    return *error_;
  }

private:
  std::optional<Error> error_;
};

} // namespace gossipper
