//===- report_summary_reading.hpp - The report's reading of a summary -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// How gossipper report reads a -summary_json: a member that is missing or of
// the wrong type is absent (null, nullopt), never an error, so a damaged
// summary still gives a page with what it has.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gossipper::tools::report {

[[nodiscard]] const boost::json::value *member(const boost::json::object *o, std::string_view key);
[[nodiscard]] const boost::json::object *object_member(const boost::json::object *o,
                                                       std::string_view key);
[[nodiscard]] const boost::json::array *array_member(const boost::json::object *o,
                                                     std::string_view key);
/// A finite number (an integer read as a double).
[[nodiscard]] std::optional<double> number(const boost::json::value *v);
[[nodiscard]] std::optional<std::string> text(const boost::json::value *v);
[[nodiscard]] std::optional<bool> flag(const boost::json::value *v);

} // namespace gossipper::tools::report
