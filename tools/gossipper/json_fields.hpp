//===- json_fields.hpp - Reading an API document's fields -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What gossipper cli and tui read of a run's JSON answers: a member as a
// number, a string or an object, with a default when it is missing or of
// another type (an older or newer run may lack a member).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace gossipper::tools {

/// The member as a number (integer or not); `absent` otherwise.
inline double json_number(const boost::json::object &o, std::string_view key, double absent = 0) {
  const boost::json::value *v = o.if_contains(key);
  if (v == nullptr) {
    return absent;
  }
  if (v->is_int64()) {
    return static_cast<double>(v->as_int64());
  }
  if (v->is_uint64()) {
    return static_cast<double>(v->as_uint64());
  }
  return v->is_double() ? v->as_double() : absent;
}

/// The member as a string; "" otherwise.
inline std::string json_string(const boost::json::object &o, std::string_view key) {
  const boost::json::value *v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

/// The member as an object; null otherwise.
inline const boost::json::object *json_object(const boost::json::object &o, std::string_view key) {
  const boost::json::value *v = o.if_contains(key);
  return v != nullptr ? v->if_object() : nullptr;
}

/// The member as a boolean; false otherwise.
inline bool json_true(const boost::json::object &o, std::string_view key) {
  const boost::json::value *v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

} // namespace gossipper::tools
