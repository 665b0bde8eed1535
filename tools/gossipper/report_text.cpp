//===- report_text.cpp - The report's numbers as text, and its HTML -------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "report_text.hpp"

#include "gossipper/stdlib/markup_escape.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gossipper::tools::report {
namespace json = boost::json;

std::string fixed(double v, int decimals) {
  // Sized first: a huge value has hundreds of digits.
  int n = std::snprintf(nullptr, 0, "%.*f", decimals, v);
  std::string s(static_cast<size_t>(std::max(n, 0)), '\0');
  std::snprintf(s.data(), s.size() + 1, "%.*f", decimals, v);
  return s;
}

std::string general(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::optional<std::string> count(const json::value *v) {
  if (v != nullptr && v->is_int64()) {
    return std::to_string(v->get_int64());
  }
  if (v != nullptr && v->is_uint64()) {
    return std::to_string(v->get_uint64());
  }
  return number_as(v, general);
}

std::string milliseconds(double ns) { return fixed(ns / 1e6, 3); }

std::string human_duration(double ns) {
  if (std::abs(ns) < 1e3) {
    return fixed(ns, 0) + " ns";
  }
  if (std::abs(ns) < 1e6) {
    return fixed(ns / 1e3, 3) + " µs";
  }
  // Rounded to the millisecond first, so 59.9999 s is not shown as 60.000 s.
  double ms = std::round(ns / 1e6);
  if (std::abs(ms) < 60000) {
    return ms < 1000 ? fixed(ms, 0) + " ms" : fixed(ms / 1000, 3) + " s";
  }
  double minutes = std::floor(ms / 60000);
  double seconds = (ms - minutes * 60000) / 1000;
  double hours = std::floor(minutes / 60);
  std::string s = seconds < 10 ? "0" + fixed(seconds, 3) : fixed(seconds, 3);
  if (hours < 1) {
    return fixed(minutes, 0) + " min " + s + " s";
  }
  double m = minutes - hours * 60;
  return fixed(hours, 0) + " h " + (m < 10 ? "0" : "") + fixed(m, 0) + " min " + s + " s";
}

std::optional<std::string> shown(const json::value *v, Shown as) {
  switch (as) {
  case Shown::Text: return text(v);
  case Shown::Count: return count(v);
  case Shown::Duration: return number_as(v, human_duration);
  case Shown::Ratio: return number_as(v, [](double r) { return fixed(r * 100, 2) + " %"; });
  case Shown::PerSecond: return number_as(v, [](double r) { return fixed(r, 2); });
  }
  return std::nullopt;
}

std::string escape(std::string_view s) { return stdlib::markup_escape(s); }

namespace {
constexpr std::string_view kAbsent = "—";
} // namespace

std::string cell(const std::optional<std::string> &value, std::string_view cls) {
  std::string open = cls.empty() ? "<td>" : "<td class=\"" + std::string(cls) + "\">";
  return open + escape(value ? *value : kAbsent) + "</td>";
}

std::string key_value_row(std::string_view label, const std::string &value) {
  return "<tr><th scope=\"row\">" + escape(label) + "</th><td>" + escape(value) + "</td></tr>\n";
}

} // namespace gossipper::tools::report
