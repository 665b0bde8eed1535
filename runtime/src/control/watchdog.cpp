//===- watchdog.cpp - SIPp's overload watchdog ----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/watchdog.hpp"

namespace gossipper::runtime {

namespace {

std::string ms(uint64_t v) { return std::to_string(v) + "ms"; }

/// SIPp's "N out of M": trips counted and allowed.
std::string out_of(int trips, int allowed) {
  return std::to_string(trips) + " out of " + std::to_string(allowed);
}

} // namespace

Watchdog::Findings Watchdog::fire(uint64_t last_ms, uint64_t now_ms) {
  Findings f;
  uint64_t gap = now_ms - last_ms;
  std::lock_guard lock(mutex_);
  if (last_ms < last_trip_) {
    gap = 0; // another thread counted this hold-up already
  }
  bool major = gap > opt_.major_threshold_ms;
  if (major || gap > opt_.minor_threshold_ms) {
    int &trips = major ? major_trips_ : minor_trips_;
    ++trips;
    last_trip_ = now_ms;
    (major ? f.major_trip : f.minor_trip) = true;
    f.warnings.push_back(
        std::string("Overload warning: the ") + (major ? "major" : "minor") + " watchdog timer " +
        ms(major ? opt_.major_threshold_ms : opt_.minor_threshold_ms) + " has been tripped (" +
        std::to_string(gap) + "), " +
        std::to_string((major ? opt_.major_maxtriggers : opt_.minor_maxtriggers) - trips) +
        " trips remaining.");
  }
  if (opt_.major_maxtriggers != -1 && major_trips_ > opt_.major_maxtriggers) {
    f.fatal = "Overload error: the watchdog timer has tripped the major threshold of " +
              ms(opt_.major_threshold_ms) + " too many times (" +
              out_of(major_trips_, opt_.major_maxtriggers) + " allowed) (" +
              out_of(minor_trips_, opt_.minor_maxtriggers) + " minor " +
              ms(opt_.minor_threshold_ms) + " timeouts tripped)";
  } else if (opt_.minor_maxtriggers != -1 && minor_trips_ > opt_.minor_maxtriggers) {
    f.fatal = "Overload error: the watchdog timer has tripped the minor threshold of " +
              ms(opt_.minor_threshold_ms) + " too many times (" +
              out_of(minor_trips_, opt_.minor_maxtriggers) + " allowed) (" +
              out_of(major_trips_, opt_.major_maxtriggers) + " major " +
              ms(opt_.major_threshold_ms) + " timeouts tripped)";
  }
  if (opt_.reset_ms > 0 && (major_trips_ != 0 || minor_trips_ != 0) &&
      now_ms > last_trip_ + opt_.reset_ms) {
    f.warnings.push_back(
        "Resetting watchdog timer trigger counts, as it has not been triggered in over " +
        ms(now_ms - last_trip_) + ".");
    major_trips_ = minor_trips_ = 0;
  }
  return f;
}

} // namespace gossipper::runtime
