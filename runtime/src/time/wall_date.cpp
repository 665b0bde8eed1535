//===- wall_date.cpp - Dates as SIPp writes them --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "time/wall_date.hpp"

#include "time/clock.hpp"

#include <cstdio>
#include <ctime>

namespace gossipper::runtime {
namespace {

/// The second of `wall_us` as strftime's `format` writes it, local or UTC.
std::string second_text(uint64_t wall_us, bool utc, const char *format) {
  time_t secs = static_cast<time_t>(wall_us / 1000000);
  tm t{};
  if (utc) {
    gmtime_r(&secs, &t);
  } else {
    localtime_r(&secs, &t);
  }
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, format, &t);
  return {buf, n};
}

/// ".uuuuuu": the microseconds of `wall_us`.
std::string micros_text(uint64_t wall_us) {
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lu", static_cast<unsigned long>(wall_us % 1000000));
  return buf;
}

} // namespace

std::string sipp_timestamp(uint64_t wall_us) {
  char secs[32];
  std::snprintf(secs, sizeof secs, "\t%10.10ld", static_cast<long>(wall_us / 1000000));
  std::string micros = micros_text(wall_us);
  return second_text(wall_us, false, "%Y-%m-%d\t%H:%M:%S") + micros + secs + micros;
}

std::string sipp_timestamp() { return sipp_timestamp(wall_us()); }

std::string message_log_date(uint64_t wall_us) {
  return second_text(wall_us, false, "%Y-%m-%d %H:%M:%S") + micros_text(wall_us);
}

std::string iso8601_utc(uint64_t wall_us) {
  return second_text(wall_us, true, "%Y-%m-%dT%H:%M:%S") + micros_text(wall_us) + "Z";
}

} // namespace gossipper::runtime
