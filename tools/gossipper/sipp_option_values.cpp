//===- sipp_option_values.cpp - SIPp's option values ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sipp_option_values.hpp"

#include "sipp_options.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <strings.h>

namespace gossipper::tools {

Error not_a(const std::string &opt, const std::string &v, const char *what) {
  return Error{"-" + opt + ", \"" + v + "\" is not " + what + "!"};
}

std::optional<long long> to_long(const std::string &v) {
  if (v.empty()) {
    return 0; // SIPp's strtol accepts the empty string as 0
  }
  char *end = nullptr;
  errno = 0;
  long long n = std::strtoll(v.c_str(), &end, 0);
  if (*end != '\0' || errno != 0) {
    return std::nullopt;
  }
  return n;
}

std::optional<double> to_double(const std::string &v) {
  char *end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  // strtod takes "nan" and "inf"; no option means either.
  if (v.empty() || *end != '\0' || !std::isfinite(d)) {
    return std::nullopt;
  }
  return d;
}

std::optional<bool> to_bool(const std::string &v) {
  if (strcasecmp(v.c_str(), "true") == 0) {
    return true;
  }
  if (strcasecmp(v.c_str(), "false") == 0) {
    return false;
  }
  auto n = to_long(v);
  if (!n) {
    return std::nullopt;
  }
  return *n != 0;
}

std::optional<uint64_t> parse_sipp_time(const std::string &text, uint64_t default_unit_ms) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    return std::nullopt;
  }
  char *end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  static const std::map<std::string, double, std::less<>> units = {
      {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}};
  std::string unit(end);
  if (unit.empty()) {
    return static_cast<uint64_t>(v * static_cast<double>(default_unit_ms));
  }
  auto it = units.find(unit);
  if (it == units.end()) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(v * it->second);
}

std::string ip_only(const std::string &v) {
  if (!v.empty() && v[0] == '[') {
    size_t close = v.find(']');
    return v.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  }
  if (std::count(v.begin(), v.end(), ':') == 1) {
    return v.substr(0, v.find(':'));
  }
  return v;
}

Expected<runtime::TransportMode> transport_mode(const std::string &v) {
  using runtime::TransportMode;
  // sl: a TLS server, cl/cln: a TLS client, as Gossipper names them.
  static const std::map<std::string, TransportMode, std::less<>> modes = {
      {"u1", TransportMode::UdpOne},   {"un", TransportMode::UdpMulti},
      {"ui", TransportMode::UdpPerIp}, {"t1", TransportMode::TcpOne},
      {"tn", TransportMode::TcpMulti}, {"l1", TransportMode::TlsOne},
      {"ln", TransportMode::TlsMulti}, {"sl", TransportMode::TlsOne},
      {"cl", TransportMode::TlsOne},   {"cln", TransportMode::TlsMulti},
      {"w1", TransportMode::WsOne},    {"wn", TransportMode::WsMulti},
      {"ws1", TransportMode::WssOne},  {"wsn", TransportMode::WssMulti}};
  auto it = modes.find(v);
  if (it != modes.end()) {
    return it->second;
  }
  if (v == "s1" || v == "sn") {
    return Error{"-t " + v +
                 ": SCTP is not supported (this system's kernel has no SCTP to test it against)"};
  }
  return Error{"Invalid argument for -t param : '" + v + "'." + kSeeHelp};
}

Expected<runtime::CallIdMode> call_id_mode(const std::string &v) {
  using runtime::CallIdMode;
  static const std::map<std::string, CallIdMode, std::less<>> modes = {
      {"default", CallIdMode::Format},
      {"format", CallIdMode::Format},
      {"legacy", CallIdMode::Format},
      {"uuid", CallIdMode::Uuid},
      {"uuid-compact", CallIdMode::UuidCompact},
      {"uuidcompact", CallIdMode::UuidCompact},
      {"uuid32", CallIdMode::UuidCompact},
      {"random", CallIdMode::Random},
      {"random-hex", CallIdMode::Random},
      {"timestamp", CallIdMode::Timestamp},
      {"time", CallIdMode::Timestamp}};
  std::string lower = v;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  auto it = modes.find(lower);
  if (it == modes.end()) {
    return Error{"Unknown Call-ID mode '" + v +
                 "'. Use default, format, legacy, uuid, uuid-compact, uuidcompact, uuid32, "
                 "random, random-hex, timestamp, or time."};
  }
  return it->second;
}

namespace {

/// One word of -default_behaviors applied to `b`; false when unknown.
bool apply_behavior(std::string tok, runtime::DefaultBehaviors &b) {
  bool on = true;
  if (!tok.empty() && (tok[0] == '+' || tok[0] == '-')) {
    on = tok[0] == '+';
    tok.erase(0, 1);
  }
  if (tok == "none") {
    b = {false, false, false};
  } else if (tok == "all") {
    b = {on, on, on};
  } else if (tok == "bye") {
    b.bye = on;
  } else if (tok == "abortunexp") {
    b.abort_unexpected = on;
  } else if (tok == "pingreply") {
    b.ping_reply = on;
  } else {
    return false;
  }
  return true;
}

} // namespace

Expected<runtime::DefaultBehaviors> default_behaviors(const std::string &v) {
  runtime::DefaultBehaviors b{false, false, false};
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    std::string tok =
        v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!apply_behavior(tok, b)) {
      std::string word = !tok.empty() && (tok[0] == '+' || tok[0] == '-') ? tok.substr(1) : tok;
      return Error{"Unknown default behavior: '" + word + "'"};
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return b;
}

Expected<unsigned> injection_index_field(const std::string &field) {
  char *end = nullptr;
  unsigned long n = std::strtoul(field.c_str(), &end, 0);
  if (field.empty() || *end != '\0' || n > 1000000) {
    return Error{"Invalid field specification for -infindex: " + field};
  }
  return static_cast<unsigned>(n);
}

Expected<bool> loose_retransmission_check(const std::string &v) {
  if (v == "full" || v == "loose") {
    return v == "loose";
  }
  return Error{"Unknown retransmission detection method: " + v};
}

Expected<std::string> engine_name(const std::string &v) {
  if (v == "jit" || v == "interp") {
    return v;
  }
  return Error{"Invalid argument for -engine param : '" + v + "' (jit or interp)"};
}

} // namespace gossipper::tools
