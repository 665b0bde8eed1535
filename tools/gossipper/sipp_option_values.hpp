//===- sipp_option_values.hpp - SIPp's option values -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// How SIPp reads an option's value: its numbers (strtol, so "" is 0), its
// booleans, its times with units, its address forms; and the values of the
// options that take a word from a list (-t, -cid_type, -default_behaviors...).
// Errors carry SIPp's message for the option.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace gossipper::tools {

/// SIPp's message for a value that is not `what`: -opt, "v" is not what!
Error not_a(const std::string &opt, const std::string &v, const char *what);

/// strtoll with any base; the empty string is 0, as SIPp's strtol reads it.
std::optional<long long> to_long(const std::string &v);
std::optional<double> to_double(const std::string &v);
/// true, false (any case) or a number (non-zero is true).
std::optional<bool> to_bool(const std::string &v);

/// SIPp's time values: a number with an optional ms/s/m/h suffix;
/// `default_unit_ms` applies without a suffix. nullopt when invalid.
std::optional<uint64_t> parse_sipp_time(const std::string &text, uint64_t default_unit_ms);

/// -i [::1]:99 -> ::1 (the port is dropped, as SIPp does).
std::string ip_only(const std::string &v);

/// -t: SIPp's modes, Gossipper's aliases and the WebSocket ones.
Expected<runtime::TransportMode> transport_mode(const std::string &v);
/// -cid_type: SIPp's Call-ID modes and their aliases (any case).
Expected<runtime::CallIdMode> call_id_mode(const std::string &v);
/// -default_behaviors: a comma list of all, none, bye, abortunexp,
/// pingreply, each with an optional + or -.
Expected<runtime::DefaultBehaviors> default_behaviors(const std::string &v);
/// -infindex's field number.
Expected<unsigned> injection_index_field(const std::string &field);
/// -rtcheck full|loose: whether loose.
Expected<bool> loose_retransmission_check(const std::string &v);
/// -engine: jit or interp.
Expected<std::string> engine_name(const std::string &v);

} // namespace gossipper::tools
