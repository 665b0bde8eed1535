//===- call_variable.hpp - A scenario variable's value ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's variables are dynamically typed: a regular-expression match, a number,
// a string or a boolean. Their rules for "is set", conversion and printing are
// followed exactly, since scenarios branch on them (test=, condexec=).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace gossipper::runtime {

class CallVariable {
public:
  enum class Kind : uint8_t { Undefined, Match, Double, String, Bool };

  [[nodiscard]] Kind kind() const { return kind_; }
  /// SIPp's isSet(): a bool is its value, a number is non-zero, the rest is
  /// set once assigned.
  [[nodiscard]] bool is_set() const;

  void set_match(std::string_view v) {
    kind_ = Kind::Match;
    text_.assign(v);
    ++matches_;
  }
  void set_double(double d) {
    kind_ = Kind::Double;
    number_ = d;
  }
  void set_string(std::string_view v) {
    kind_ = Kind::String;
    text_.assign(v);
  }
  void set_bool(bool b) {
    kind_ = Kind::Bool;
    flag_ = b;
  }
  void clear() { kind_ = Kind::Undefined; }

  /// getDouble(): 0 unless a number.
  [[nodiscard]] double as_double() const { return kind_ == Kind::Double ? number_ : 0.0; }
  [[nodiscard]] bool as_bool() const { return kind_ == Kind::Bool && flag_; }
  /// getString(): the string or the match, else "".
  [[nodiscard]] std::string_view as_string() const {
    return kind_ == Kind::String || kind_ == Kind::Match ? std::string_view(text_)
                                                         : std::string_view();
  }
  /// toDouble(): false when it does not convert.
  bool to_double(double &out) const;
  /// How a message shows it ([$var]): matches and strings as they are,
  /// numbers with printf's %lf, booleans true/false, unset non-booleans as "".
  void render(std::string &out) const;

private:
  Kind kind_ = Kind::Undefined;
  bool flag_ = false;
  unsigned matches_ = 0;
  double number_ = 0.0;
  std::string text_;
};

} // namespace gossipper::runtime
