//===- shell_stats_text.hpp - gossipper cli's stats and summary -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A run's API documents (docs/api.md) as the few lines a shell shows: a
// run's /stats, a server's /stats (a block per run), a control status and a
// summary. Free of I/O.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace gossipper::tools {

/// A status's overload controller (docs/overload.md) in a few words:
/// "saturated: REASON", "offering RATE" while it holds the rate lower than
/// asked, both, or "" (neither, or a run too old to say).
std::string saturation_phrase(const boost::json::object &status);
/// GET /api/v1/stats of a run (gossipper_stats_v1) or of a server
/// (gossipper_server_stats_v1); an error when it is neither.
Expected<std::string> stats_text(std::string_view body);
/// GET/POST /api/v1/control's answer: rate, limit, paused, quitting.
Expected<std::string> control_text(std::string_view body);
/// A -summary_json document (gossipper_summary_v1): calls, rate, the
/// response times' percentiles.
Expected<std::string> summary_text(std::string_view body);

} // namespace gossipper::tools
