//===- sipp_option_kinds.hpp - Rows of the option table by value kind -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Most options take a value of one kind (a number, a time, a boolean, a
// string) or none; these make their rows, with SIPp's message for a value
// of the wrong kind. `set` stores the value in the command line.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sipp_option_table.hpp"
#include "sipp_option_values.hpp"

#include <cmath>
#include <cstdlib>

namespace gossipper::tools {

/// A row whose value `parse` turns into a T (nullopt: not `what`).
template <class T, class Parse, class Set>
SippOption parsed_option(OptionNames names, Parse parse, const char *what, Set set,
                         OptionHelp help) {
  return {std::move(names.list), OptionKind::Value,
          [parse, what, set](SippCommandLine &c, const std::string &opt,
                             const std::string &v) -> Expected<void> {
            std::optional<T> value = parse(v);
            if (!value) {
              return not_a(opt, v, what);
            }
            set(c, *value);
            return {};
          },
          std::move(help)};
}

/// A non-negative integer, stored as T.
template <class T, class Set>
SippOption number_option(OptionNames names, Set set, OptionHelp help) {
  auto parse = [](const std::string &v) -> std::optional<T> {
    std::optional<long long> n = to_long(v);
    return n && *n >= 0 ? std::optional<T>(static_cast<T>(*n)) : std::nullopt;
  };
  return parsed_option<T>(std::move(names), parse, "a valid integer", set, std::move(help));
}

/// A time in milliseconds; `unit_ms` is what a number without a unit counts.
template <class Set>
SippOption time_option(OptionNames names, uint64_t unit_ms, Set set, OptionHelp help) {
  auto parse = [unit_ms](const std::string &v) { return parse_sipp_time(v, unit_ms); };
  return parsed_option<uint64_t>(std::move(names), parse, "a valid time", set, std::move(help));
}

template <class Set> SippOption double_option(OptionNames names, Set set, OptionHelp help) {
  return parsed_option<double>(std::move(names), to_double, "a floating point number", set,
                               std::move(help));
}

/// A floating point number, 0 or more: a rate, a share, a gate. `-r -5`
/// must not reach the generator as a huge rate. Not a number at all gets
/// SIPp's message.
template <class Set> SippOption amount_option(OptionNames names, Set set, OptionHelp help) {
  return {
      std::move(names.list), OptionKind::Value,
      [set](SippCommandLine &c, const std::string &opt, const std::string &v) -> Expected<void> {
        char *end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0') {
          return not_a(opt, v, "a floating point number");
        }
        if (!(d >= 0) || !std::isfinite(d)) {
          return not_a(opt, v, "a number, 0 or more");
        }
        set(c, d);
        return {};
      },
      std::move(help)};
}

template <class Set> SippOption bool_option(OptionNames names, Set set, OptionHelp help) {
  return parsed_option<bool>(std::move(names), to_bool, "a valid boolean", set, std::move(help));
}

/// A value taken as it is written.
template <class Set> SippOption string_option(OptionNames names, Set set, OptionHelp help) {
  return {std::move(names.list), OptionKind::Value,
          [set](SippCommandLine &c, const std::string &, const std::string &v) -> Expected<void> {
            set(c, v);
            return {};
          },
          std::move(help)};
}

/// A value checked by `parse` (an Expected whose error is the message).
template <class Parse, class Set>
SippOption checked_option(OptionNames names, Parse parse, Set set, OptionHelp help) {
  return {std::move(names.list), OptionKind::Value,
          [parse, set](SippCommandLine &c, const std::string &,
                       const std::string &v) -> Expected<void> {
            auto value = parse(v);
            if (!value) {
              return value.error();
            }
            set(c, *value);
            return {};
          },
          std::move(help)};
}

template <class Set> SippOption flag_option(OptionNames names, Set set, OptionHelp help) {
  return {std::move(names.list), OptionKind::Flag,
          [set](SippCommandLine &c, const std::string &, const std::string &) -> Expected<void> {
            set(c);
            return {};
          },
          std::move(help)};
}

} // namespace gossipper::tools
