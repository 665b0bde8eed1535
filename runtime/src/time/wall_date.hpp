//===- wall_date.hpp - Dates as SIPp writes them ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The traces, the CSV files, the screens and the [timestamp] keyword print
// wall-clock dates in SIPp's layouts, the JSON summary in ISO 8601; they are
// made here only.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>

namespace gossipper::runtime {

/// "YYYY-MM-DD\tHH:MM:SS.uuuuuu\tSECONDS.uuuuuu", local time, of a wall-clock
/// time in µs since the epoch.
[[nodiscard]] std::string sipp_timestamp(uint64_t wall_us);

/// The same, of now.
[[nodiscard]] std::string sipp_timestamp();

/// The message log's "YYYY-MM-DD HH:MM:SS.uuuuuu", local time.
[[nodiscard]] std::string message_log_date(uint64_t wall_us);

/// "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" (ISO 8601, UTC), for JSON documents.
[[nodiscard]] std::string iso8601_utc(uint64_t wall_us);

} // namespace gossipper::runtime
