//===- report_media_section.hpp - The report's media -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The page's media: a table of the run's figures (the summary's `media`)
// when it measured streams.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <string>

namespace gossipper::tools::report {

/// The media table's section; "" when the run measured no stream.
[[nodiscard]] std::string media_section(const boost::json::object &s);

} // namespace gossipper::tools::report
