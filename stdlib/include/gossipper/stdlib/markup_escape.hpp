//===- markup_escape.hpp - Text inside XML and HTML ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Scenario names, RTD names and the like are user input: the JUnit report and
// the HTML page escape every one of them the same way.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace gossipper::stdlib {

/// `text` with & < > " ' escaped, safe in element content and attribute values.
[[nodiscard]] std::string markup_escape(std::string_view text);

} // namespace gossipper::stdlib
