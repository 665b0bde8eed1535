//===- report_text.hpp - The report's numbers as text, and its HTML -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// How the report's tables show a summary's values: numbers formatted, every
// text escaped, an absent value as "—".
//
//===----------------------------------------------------------------------===//
#pragma once

#include "report_summary_reading.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gossipper::tools::report {

/// With `decimals` decimals, however large.
[[nodiscard]] std::string fixed(double v, int decimals);
/// %.6g.
[[nodiscard]] std::string general(double v);

/// The number written by `format`, or absent.
template <typename Format>
std::optional<std::string> number_as(const boost::json::value *v, Format format) {
  std::optional<double> d = number(v);
  return d ? std::optional<std::string>(format(*d)) : std::nullopt;
}

/// Integers exactly (counters go up to 2^64), anything else as %g.
[[nodiscard]] std::optional<std::string> count(const boost::json::value *v);
/// Nanoseconds as milliseconds, three decimals.
[[nodiscard]] std::string milliseconds(double ns);
/// Nanoseconds in the unit that suits them ("1.500 s", "2 min 03.000 s").
[[nodiscard]] std::string human_duration(double ns);

enum class Shown { Text, Count, Duration, Ratio, PerSecond };
[[nodiscard]] std::optional<std::string> shown(const boost::json::value *v, Shown as);

[[nodiscard]] std::string escape(std::string_view s);
/// A <td> of the value, "—" when absent.
[[nodiscard]] std::string cell(const std::optional<std::string> &value, std::string_view cls = {});
/// A row of a key-value table.
[[nodiscard]] std::string key_value_row(std::string_view label, const std::string &value);

} // namespace gossipper::tools::report
