//===- report_summary_reading.cpp - The report's reading of a summary -----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_summary_reading.hpp"

#include <cmath>

namespace gossipper::tools::report {
namespace json = boost::json;

const json::value *member(const json::object *o, std::string_view key) {
  return o != nullptr ? o->if_contains(key) : nullptr;
}

const json::object *object_member(const json::object *o, std::string_view key) {
  const json::value *v = member(o, key);
  return v != nullptr ? v->if_object() : nullptr;
}

const json::array *array_member(const json::object *o, std::string_view key) {
  const json::value *v = member(o, key);
  return v != nullptr ? v->if_array() : nullptr;
}

std::optional<double> number(const json::value *v) {
  if (v == nullptr) {
    return std::nullopt;
  }
  double d = 0;
  if (v->is_int64()) {
    d = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    d = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    d = v->get_double();
  } else {
    return std::nullopt;
  }
  // Boost.JSON reads 1e400 as infinity, which neither a table nor the
  // embedded JSON (Boost writes it as the invalid "Infinity") can show.
  if (!std::isfinite(d)) {
    return std::nullopt;
  }
  return d;
}

std::optional<std::string> text(const json::value *v) {
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<bool> flag(const json::value *v) {
  if (v == nullptr || !v->is_bool()) {
    return std::nullopt;
  }
  return v->get_bool();
}

} // namespace gossipper::tools::report
