//===- report_media_section.hpp - The report's media -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The page's media: a table of the run's figures (the summary's `media`)
// when it measured streams, and its charts over time (`media_over_time`)
// when it sent or received any RTP.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "report_charts.hpp"

#include <boost/json.hpp>

#include <string>

namespace gossipper::tools::report {

/// The media table's section; "" when the run measured no stream.
[[nodiscard]] std::string media_section(const boost::json::object &s);

/// The media over time's section: RTP packets sent, received (and echoed)
/// per second, packets lost per second, the lowest MOS of each interval and
/// the largest jitter so far; "" when the run had no RTP.
[[nodiscard]] std::string media_over_time_section(const boost::json::object &s, Charts &charts);

} // namespace gossipper::tools::report
