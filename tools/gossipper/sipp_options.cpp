//===- sipp_options.cpp - SIPp's command line -----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A table, as SIPp's own: SIPp options take their value from the next
// argument whatever it looks like, and two of them take two values, which a
// general-purpose parser gets wrong; so this one reads SIPp's rules directly.
//
//===----------------------------------------------------------------------===//
#include "sipp_options.hpp"

#include "gossipper/runtime/address.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <strings.h>

namespace gossipper::tools {
namespace {

enum class Kind { Flag, Value, TwoValues };

struct Option {
  const char *name;
  Kind kind;
  std::function<std::optional<std::string>(SippCommandLine &, const std::string &,
                                           const std::string &)>
      apply;
};

std::optional<std::string> bad(const std::string &opt, const std::string &v, const char *what) {
  return "-" + opt + ", \"" + v + "\" is not " + what + "!";
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
  if (v.empty() || *end != '\0') {
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

/// -i [::1]:99 -> ::1 (the port is dropped, as SIPp does).
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

template <class T, class F>
auto number_option(const char *name, F set, const char *what = "a valid integer") {
  return Option{name, Kind::Value,
                [set, what](SippCommandLine &c, const std::string &opt,
                            const std::string &v) -> std::optional<std::string> {
                  auto n = to_long(v);
                  if (!n || *n < 0) {
                    return bad(opt, v, what);
                  }
                  set(c, static_cast<T>(*n));
                  return std::nullopt;
                }};
}

template <class F> auto time_option(const char *name, uint64_t unit_ms, F set) {
  return Option{name, Kind::Value,
                [set, unit_ms](SippCommandLine &c, const std::string &opt,
                               const std::string &v) -> std::optional<std::string> {
                  auto t = parse_sipp_time(v, unit_ms);
                  if (!t) {
                    return bad(opt, v, "a valid time");
                  }
                  set(c, *t);
                  return std::nullopt;
                }};
}

template <class F> auto double_option(const char *name, F set) {
  return Option{name, Kind::Value,
                [set](SippCommandLine &c, const std::string &opt,
                      const std::string &v) -> std::optional<std::string> {
                  auto d = to_double(v);
                  if (!d) {
                    return bad(opt, v, "a floating point number");
                  }
                  set(c, *d);
                  return std::nullopt;
                }};
}

template <class F> auto bool_option(const char *name, F set) {
  return Option{name, Kind::Value,
                [set](SippCommandLine &c, const std::string &opt,
                      const std::string &v) -> std::optional<std::string> {
                  auto b = to_bool(v);
                  if (!b) {
                    return bad(opt, v, "a valid boolean");
                  }
                  set(c, *b);
                  return std::nullopt;
                }};
}

template <class F> auto string_option(const char *name, F set) {
  return Option{name, Kind::Value,
                [set](SippCommandLine &c, const std::string &,
                      const std::string &v) -> std::optional<std::string> {
                  set(c, v);
                  return std::nullopt;
                }};
}

template <class F> auto flag_option(const char *name, F set) {
  return Option{name, Kind::Flag,
                [set](SippCommandLine &c, const std::string &,
                      const std::string &) -> std::optional<std::string> {
                  set(c);
                  return std::nullopt;
                }};
}

const std::vector<Option> &options();

} // namespace

const std::vector<std::string_view> &sipp_known_options() {
  // The options SIPp 3.6.1's `sipp -h` lists, then those of its TLS build and
  // the ones newer SIPp versions added.
  static const std::vector<std::string_view> names = {
      "3pcc", "T2", "aa", "ap", "assocmaxret", "au", "auth_uri", "base_cseq", "bg", "bind_local",
      "buff_size", "calldebug_file", "calldebug_overwrite", "callid_slash_ign", "ci", "cid_str",
      "cp", "d", "deadcall_wait", "default_behaviors", "dynamicMax", "dynamicStart", "dynamicStep",
      "error_file", "error_overwrite", "f", "fd", "gracefulclose", "heartbeat", "i", "inf",
      "infindex", "ip_field", "key", "l", "log_file", "log_overwrite", "lost", "m", "master",
      "max_invite_retrans", "max_log_size", "max_non_invite_retrans", "max_reconnect",
      "max_recv_loops", "max_retrans", "max_sched_loops", "max_socket", "mb", "message_file",
      "message_overwrite", "mi", "mp", "multihome", "nd", "no_rate_quit", "nostdin", "nr", "oocsf",
      "oocsn", "p", "pathmaxret", "pause_msg_ign", "periodic_rtd", "plugin", "pmtu", "r",
      "rate_increase", "rate_interval", "rate_max", "rate_scale", "reconnect_close",
      "reconnect_sleep", "recv_timeout", "ringbuffer_files", "ringbuffer_size", "rp", "rsa",
      "rtcheck", "rtp_buffsize", "rtp_echo", "rtp_payload", "rtp_threadtasks", "rtt_freq", "s",
      "screen_file", "screen_overwrite", "sd", "send_timeout", "sendbuffer_warn", "set", "sf",
      "shortmessage_file", "shortmessage_overwrite", "skip_rlimit", "slave", "slave_cfg", "sleep",
      "sn", "stat_delimiter", "stf", "t", "tdmmap", "timeout", "timeout_error", "timer_resol",
      "trace_calldebug", "trace_counts", "trace_err", "trace_error_codes", "trace_logs",
      "trace_msg", "trace_rtt", "trace_screen", "trace_shortmsg", "trace_stat", "users", "v",
      "watchdog_interval", "watchdog_major_maxtriggers", "watchdog_major_threshold",
      "watchdog_minor_maxtriggers", "watchdog_minor_threshold", "watchdog_reset",
      // TLS builds of SIPp
      "tls_cert", "tls_key", "tls_ca", "tls_crl", "tls_version",
      // newer than 3.6.1
      "rxsf", "rxsn", "rxinf", "bind_to_device", "cid_type", "min_rtp_port", "max_rtp_port",
      "rtpcheck_debug", "srtpcheck_debug", "audiotolerance", "videotolerance", "random_base_ssrc"};
  return names;
}

bool sipp_option_implemented(std::string_view name) {
  for (const auto &o : options()) {
    if (name == o.name) {
      return true;
    }
  }
  return false;
}

namespace {

const std::vector<Option> &options() {
  using C = SippCommandLine;
  static const std::vector<Option> table = {
      flag_option("h", [](C &c) { c.help = true; }),
      flag_option("help", [](C &c) { c.help = true; }),
      flag_option("v", [](C &c) { c.version = true; }),
      string_option("sd", [](C &c, const std::string &v) { c.dump = v; }),
      string_option("sf", [](C &c, const std::string &v) { c.scenario_file = v; }),
      string_option("sn", [](C &c, const std::string &v) { c.scenario_builtin = v; }),
      string_option("oocsf", [](C &c, const std::string &v) { c.ooc_file = v; }),
      string_option("oocsn", [](C &c, const std::string &v) { c.ooc_builtin = v; }),
      Option{"t", Kind::Value,
             [](C &c, const std::string &, const std::string &v) -> std::optional<std::string> {
               using runtime::TransportMode;
               // SIPp's modes, Gossipper's aliases (sl: a TLS server, cl/cln:
               // a TLS client) and the WebSocket ones.
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
                 c.run.transport = it->second;
                 return std::nullopt;
               }
               if (v == "s1" || v == "sn") {
                 return "-t " + v +
                        ": SCTP is not supported (this system's kernel has no SCTP to test it "
                        "against)";
               }
               return "Invalid argument for -t param : '" + v +
                      "'.\nUse 'gossipper sipp -h' for details";
             }},
      string_option("i", [](C &c, const std::string &v) { c.run.local_ip = ip_only(v); }),
      number_option<uint16_t>("p", [](C &c, uint16_t v) { c.run.local_port = v; }),
      flag_option("bind_local", [](C &c) { c.run.bind_local = true; }),
      string_option("ci", [](C &c, const std::string &v) { c.run.control_ip = ip_only(v); }),
      number_option<uint16_t>("cp", [](C &c, uint16_t v) { c.run.control_port = v; }),
      number_option<uint32_t>("buff_size", [](C &c, uint32_t v) { c.run.buff_size = v; }),
      number_option<uint32_t>("max_socket",
                              [](C &c, uint32_t v) {
                                c.run.max_socket = v;
                                c.max_socket_given = true;
                              }),
      flag_option("skip_rlimit", [](C &c) { c.run.skip_rlimit = true; }),
      Option{"rsa", Kind::Value,
             [](C &c, const std::string &, const std::string &v) -> std::optional<std::string> {
               runtime::HostPort hp = runtime::split_host_port(v);
               c.run.rsa_host = hp.host;
               c.run.rsa_port = hp.port == 0 ? 5060 : hp.port;
               return std::nullopt;
             }},
      flag_option("nostdin", [](C &c) { c.run.no_stdin = true; }),
      flag_option("bg", [](C &c) { c.background = true; }),
      time_option("sleep", 1000, [](C &c, uint64_t v) { c.sleep_ms = v; }),
      Option{"key", Kind::TwoValues,
             [](C &c, const std::string &k, const std::string &v) -> std::optional<std::string> {
               c.run.keys[k] = v;
               return std::nullopt;
             }},
      Option{"set", Kind::TwoValues,
             [](C &c, const std::string &k, const std::string &v) -> std::optional<std::string> {
               c.run.set_globals[k] = v;
               return std::nullopt;
             }},
      flag_option("aa", [](C &c) { c.run.auto_answer = true; }),
      number_option<uint32_t>("base_cseq", [](C &c, uint32_t v) { c.run.base_cseq = v; }),
      string_option("cid_str", [](C &c, const std::string &v) { c.run.cid_str = v; }),
      Option{"cid_type", Kind::Value,
             [](C &c, const std::string &, const std::string &v) -> std::optional<std::string> {
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
                 return "Unknown Call-ID mode '" + v +
                        "'. Use default, format, legacy, uuid, uuid-compact, uuidcompact, "
                        "uuid32, random, random-hex, timestamp, or time.";
               }
               c.run.cid_type = it->second;
               return std::nullopt;
             }},
      number_option<int>("dynamicStart", [](C &c, int v) { c.run.dynamic_start = v; }),
      number_option<int>("dynamicMax", [](C &c, int v) { c.run.dynamic_max = v; }),
      number_option<int>("dynamicStep", [](C &c, int v) { c.run.dynamic_step = v; }),
      string_option("3pcc", [](C &c, const std::string &v) { c.twin_3pcc = v; }),
      string_option("tdmmap", [](C &c, const std::string &v) { c.run.tdm_map = v; }),
      string_option("master", [](C &c, const std::string &v) { c.command_name = v; }),
      string_option("slave", [](C &c, const std::string &v) { c.command_name = v; }),
      string_option("cmd_name", [](C &c, const std::string &v) { c.command_name = v; }),
      string_option("slave_cfg", [](C &c, const std::string &v) { c.command_peers = v; }),
      string_option("cmd_peers", [](C &c, const std::string &v) { c.command_peers = v; }),
      string_option("au", [](C &c, const std::string &v) { c.run.auth_user = v; }),
      string_option("ap", [](C &c, const std::string &v) { c.run.auth_password = v; }),
      string_option("auth_uri", [](C &c, const std::string &v) { c.run.auth_uri = v; }),
      time_option("d", 1,
                  [](C &c, uint64_t v) { c.run.default_pause_ms = static_cast<uint32_t>(v); }),
      time_option("deadcall_wait", 1,
                  [](C &c, uint64_t v) { c.run.deadcall_wait_ms = static_cast<uint32_t>(v); }),
      string_option("s", [](C &c, const std::string &v) { c.run.service = v; }),
      Option{"default_behaviors", Kind::Value,
             [](C &c, const std::string &, const std::string &v) -> std::optional<std::string> {
               runtime::DefaultBehaviors b{false, false, false};
               size_t start = 0;
               while (start <= v.size()) {
                 size_t comma = v.find(',', start);
                 std::string tok = v.substr(start, comma == std::string::npos ? std::string::npos
                                                                              : comma - start);
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
                   return "Unknown default behavior: '" + tok + "'";
                 }
                 if (comma == std::string::npos) {
                   break;
                 }
                 start = comma + 1;
               }
               c.run.behaviors = b;
               return std::nullopt;
             }},
      flag_option("nd",
                  [](C &c) {
                    c.run.behaviors = {false, false, false};
                  }),
      flag_option("pause_msg_ign", [](C &c) { c.run.pause_msg_ign = true; }),
      flag_option("callid_slash_ign", [](C &c) { c.run.callid_slash_ign = true; }),
      string_option("inf", [](C &c, const std::string &v) { c.injection_files.push_back(v); }),
      Option{"infindex", Kind::TwoValues,
             [](C &c, const std::string &file,
                const std::string &field) -> std::optional<std::string> {
               char *end = nullptr;
               unsigned long n = std::strtoul(field.c_str(), &end, 0);
               if (field.empty() || *end != '\0' || n > 1000000) {
                 return "Invalid field specification for -infindex: " + field;
               }
               c.injection_indexes.emplace_back(file, static_cast<unsigned>(n));
               return std::nullopt;
             }},
      string_option("mi", [](C &c, const std::string &v) { c.run.media_ip = ip_only(v); }),
      number_option<uint16_t>("mp", [](C &c, uint16_t v) { c.run.media_port = v; }),
      double_option("r", [](C &c, double v) { c.run.rate = v; }),
      time_option("rp", 1, [](C &c, uint64_t v) { c.run.rate_period_ms = static_cast<double>(v); }),
      double_option("rate_scale", [](C &c, double v) { c.run.rate_scale = v; }),
      double_option("rate_increase", [](C &c, double v) { c.run.rate_increase = v; }),
      time_option(
          "rate_interval", 1000,
          [](C &c, uint64_t v) { c.run.rate_interval_s = static_cast<double>(v) / 1000.0; }),
      double_option("rate_max", [](C &c, double v) { c.run.rate_max = v; }),
      flag_option("no_rate_quit", [](C &c) { c.run.no_rate_quit = true; }),
      Option{"l", Kind::Value,
             [](C &c, const std::string &opt, const std::string &v) -> std::optional<std::string> {
               if (c.run.users >= 0) {
                 return std::string("Can not set open call limit (-l) when -users is specified.");
               }
               auto n = to_long(v);
               if (!n || *n < 0) {
                 return bad(opt, v, "a valid integer");
               }
               c.run.call_limit = static_cast<uint64_t>(*n);
               return std::nullopt;
             }},
      number_option<uint32_t>("users", [](C &c, uint32_t v) { c.run.users = v; }),
      number_option<uint64_t>("m", [](C &c, uint64_t v) { c.run.max_calls = v; }),
      time_option("recv_timeout", 1,
                  [](C &c, uint64_t v) { c.run.recv_timeout_ms = static_cast<uint32_t>(v); }),
      time_option("timeout", 1000, [](C &c, uint64_t v) { c.run.global_timeout_ms = v; }),
      flag_option("timeout_error", [](C &c) { c.run.timeout_error = true; }),
      number_option<uint32_t>("max_retrans", [](C &c, uint32_t v) { c.run.max_retrans = v; }),
      number_option<uint32_t>("max_invite_retrans",
                              [](C &c, uint32_t v) { c.run.max_invite_retrans = v; }),
      number_option<uint32_t>("max_non_invite_retrans",
                              [](C &c, uint32_t v) { c.run.max_non_invite_retrans = v; }),
      flag_option("nr", [](C &c) { c.run.retrans_enabled = false; }),
      Option{"rtcheck", Kind::Value,
             [](C &c, const std::string &, const std::string &v) -> std::optional<std::string> {
               if (v == "full") {
                 c.run.rtcheck_loose = false;
               } else if (v == "loose") {
                 c.run.rtcheck_loose = true;
               } else {
                 return "Unknown retransmission detection method: " + v;
               }
               return std::nullopt;
             }},
      time_option("T2", 1, [](C &c, uint64_t v) { c.run.t2_ms = static_cast<uint32_t>(v); }),
      time_option("f", 1000, [](C &c, uint64_t v) { c.run.refresh_ms = static_cast<uint32_t>(v); }),
      number_option<unsigned>("threads",
                              [](C &c, unsigned v) {
                                c.run.threads = v;
                                c.threads_given = true;
                              }),
      time_option("timer_resol", 1,
                  [](C &c, uint64_t v) {
                    c.run.timer_resol_ms = static_cast<uint32_t>(std::clamp<uint64_t>(v, 1, 1000));
                  }),
      number_option<uint32_t>("max_recv_loops", [](C &c, uint32_t v) { c.run.max_recv_loops = v; }),
      number_option<uint32_t>("max_sched_loops",
                              [](C &c, uint32_t v) { c.run.max_sched_loops = v; }),
      time_option("watchdog_interval", 1, [](C &c, uint64_t v) { c.run.watchdog.interval_ms = v; }),
      time_option("watchdog_reset", 1, [](C &c, uint64_t v) { c.run.watchdog.reset_ms = v; }),
      time_option("watchdog_minor_threshold", 1,
                  [](C &c, uint64_t v) { c.run.watchdog.minor_threshold_ms = v; }),
      time_option("watchdog_major_threshold", 1,
                  [](C &c, uint64_t v) { c.run.watchdog.major_threshold_ms = v; }),
      number_option<int>("watchdog_minor_maxtriggers",
                         [](C &c, int v) { c.run.watchdog.minor_maxtriggers = v; }),
      number_option<int>("watchdog_major_maxtriggers",
                         [](C &c, int v) { c.run.watchdog.major_maxtriggers = v; }),
      flag_option("no-cache", [](C &c) { c.use_cache = false; }),
      flag_option("no_cache", [](C &c) { c.use_cache = false; }),
      Option{"engine", Kind::Value,
             [](C &c, const std::string &, const std::string &v) -> std::optional<std::string> {
               if (v != "jit" && v != "interp") {
                 return "Invalid argument for -engine param : '" + v + "' (jit or interp)";
               }
               c.engine = v;
               return std::nullopt;
             }},
      bool_option("reconnect_close", [](C &c, bool v) { c.run.reconnect_close = v; }),
      number_option<int>("max_reconnect", [](C &c, int v) { c.run.max_reconnect = v; }),
      time_option("reconnect_sleep", 1,
                  [](C &c, uint64_t ms) { c.run.reconnect_sleep_ms = static_cast<uint32_t>(ms); }),
      number_option<int>("ip_field", [](C &c, int v) { c.run.ip_field = v; }),
      string_option("tls_cert", [](C &c, const std::string &v) { c.run.tls.cert = v; }),
      string_option("tls_key", [](C &c, const std::string &v) { c.run.tls.key = v; }),
      string_option("tls_ca", [](C &c, const std::string &v) { c.run.tls.ca = v; }),
      string_option("tls_crl", [](C &c, const std::string &v) { c.run.tls.crl = v; }),
      string_option("tls_version", [](C &c, const std::string &v) { c.run.tls.version = v; }),
      flag_option("tls_skip_verify", [](C &c) { c.run.tls.skip_verify = true; }),
      string_option("tls_sni", [](C &c, const std::string &v) { c.run.tls.sni = v; }),
      flag_option("trace_err", [](C &c) { c.run.trace_err = true; }),
      string_option("error_file", [](C &c, const std::string &v) { c.run.error_file = v; }),
      flag_option("trace_msg", [](C &c) { c.run.trace_msg = true; }),
      string_option("message_file", [](C &c, const std::string &v) { c.run.message_file = v; }),
      bool_option("message_overwrite", [](C &c, bool v) { c.run.message_overwrite = v; }),
      flag_option("trace_shortmsg", [](C &c) { c.run.trace_shortmsg = true; }),
      string_option("shortmessage_file",
                    [](C &c, const std::string &v) { c.run.shortmessage_file = v; }),
      bool_option("shortmessage_overwrite", [](C &c, bool v) { c.run.shortmessage_overwrite = v; }),
      flag_option("trace_logs", [](C &c) { c.run.trace_logs = true; }),
      flag_option("trace_stat", [](C &c) { c.run.trace_stat = true; }),
      string_option("stf", [](C &c, const std::string &v) { c.run.stat_file = v; }),
      time_option("fd", 1000, [](C &c, uint64_t v) { c.run.stat_period_ms = v; }),
      string_option("stat_delimiter", [](C &c, const std::string &v) { c.run.stat_delimiter = v; }),
      flag_option("periodic_rtd", [](C &c) { c.run.periodic_rtd = true; }),
      flag_option("trace_counts", [](C &c) { c.run.trace_counts = true; }),
      flag_option("trace_screen", [](C &c) { c.run.trace_screen = true; }),
      number_option<uint64_t>("max_log_size", [](C &c, uint64_t v) { c.run.max_log_size = v; }),
      number_option<uint64_t>("ringbuffer_size",
                              [](C &c, uint64_t v) { c.run.ringbuffer_size = v; }),
      number_option<uint32_t>("ringbuffer_files",
                              [](C &c, uint32_t v) { c.run.ringbuffer_files = v; }),
      flag_option("trace_error_codes", [](C &c) { c.run.trace_error_codes = true; }),
      double_option("lost", [](C &c, double v) { c.run.global_lost = v; }),
      flag_option("trace_calldebug", [](C &c) { c.run.trace_calldebug = true; }),
      string_option("calldebug_file", [](C &c, const std::string &v) { c.run.calldebug_file = v; }),
      bool_option("calldebug_overwrite", [](C &c, bool v) { c.run.calldebug_overwrite = v; }),
      string_option("screen_file", [](C &c, const std::string &v) { c.run.screen_file = v; }),
      bool_option("screen_overwrite", [](C &c, bool v) { c.run.screen_overwrite = v; }),
      string_option("summary_json", [](C &c, const std::string &v) { c.run.summary_json = v; }),
      string_option("junit", [](C &c, const std::string &v) { c.run.junit = v; }),
      double_option("health_max_failed_ratio",
                    [](C &c, double v) { c.run.health_max_failed_ratio = v; }),
      double_option("health_max_p99_ms", [](C &c, double v) { c.run.health_max_p99_ms = v; }),
      double_option("health_min_calls", [](C &c, double v) { c.run.health_min_calls = v; }),
      flag_option("trace_rtt", [](C &c) { c.run.trace_rtt = true; }),
      number_option<uint32_t>("rtt_freq", [](C &c, uint32_t v) { c.run.rtt_freq = v; }),
      string_option("log_file", [](C &c, const std::string &v) { c.run.log_file = v; }),
      bool_option("log_overwrite", [](C &c, bool v) { c.run.log_overwrite = v; }),
      bool_option("error_overwrite", [](C &c, bool v) { c.run.error_overwrite = v; }),
  };
  return table;
}

} // namespace

std::optional<uint64_t> parse_sipp_time(const std::string &text, uint64_t default_unit_ms) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    return std::nullopt;
  }
  char *end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  std::string unit(end);
  double ms = 0;
  if (unit.empty()) {
    ms = v * static_cast<double>(default_unit_ms);
  } else if (unit == "ms") {
    ms = v;
  } else if (unit == "s") {
    ms = v * 1000;
  } else if (unit == "m") {
    ms = v * 60000;
  } else if (unit == "h") {
    ms = v * 3600000;
  } else {
    return std::nullopt;
  }
  return static_cast<uint64_t>(ms);
}

std::optional<std::string> parse_sipp_command_line(const std::vector<std::string> &args,
                                                   SippCommandLine &out, int &exit_code) {
  exit_code = 1; // SIPp: errors before the scenario is installed exit 1
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (a.size() < 2 || a[0] != '-') {
      out.remote = a;
      continue;
    }
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    const Option *opt = nullptr;
    for (const Option &o : options()) {
      if (name == o.name) {
        opt = &o;
        break;
      }
    }
    if (opt == nullptr) {
      const auto &known = sipp_known_options();
      if (std::find(known.begin(), known.end(), name) != known.end()) {
        return "option '" + a + "' of SIPp is not supported by this build of Gossipper yet " +
               "(docs/compatibility.md lists what is).\nUse 'gossipper sipp -h' for details";
      }
      return "Invalid argument: '" + a + "'.\nUse 'gossipper sipp -h' for details";
    }
    std::string v1, v2;
    if (opt->kind != Kind::Flag) {
      if (i + 1 >= args.size()) {
        return "Missing argument for param '" + a + "'.\nUse 'gossipper sipp -h' for details";
      }
      v1 = args[++i];
    }
    if (opt->kind == Kind::TwoValues) {
      if (i + 1 >= args.size()) {
        return "Missing argument for param '" + v1 + "'.\nUse 'gossipper sipp -h' for details";
      }
      v2 = args[++i];
    }
    auto err = opt->kind == Kind::TwoValues ? opt->apply(out, v1, v2) : opt->apply(out, name, v1);
    if (err) {
      return err;
    }
  }
  return std::nullopt;
}

const char *sipp_help_text() {
  return R"(Usage:

  gossipper sipp remote_host[:remote_port] [options]

Example:

   Run the embedded server (uas) scenario:
     gossipper sipp -sn uas
   On the same host, run the embedded client (uac) scenario:
     gossipper sipp -sn uac 127.0.0.1

  Options work with one dash or two, as in SIPp. Times take SIPp's units
  (ms, s, m, h). This build implements the options below.

*** Scenario:
   -sf FILE        : Load a scenario from an XML file.
   -sn NAME        : Use a built-in scenario: uac, uas, regexp, 3pcc-C-A,
                     3pcc-C-B, 3pcc-A, 3pcc-B, branchc, branchs, uac_pcap,
                     ooc_default, ooc_dummy. Default: uac.
   -sd NAME        : Print a built-in scenario and exit (99).
   -oocsf FILE, -oocsn NAME : Out-of-call scenario (client mode): a request
                     that belongs to no call runs it (ooc_default answers
                     200).
   -inf FILE       : Injection file for [fieldN] (repeatable; the first is
                     the default). Scenarios name it by its last path
                     component; SEQUENTIAL, RANDOM, USER and PRINTF files.
   -infindex FILE N: Index FILE on field N for <lookup>.
   -3pcc HOST:PORT : 3PCC twin: a scenario whose first command is sendCmd
                     connects there, one whose first is recvCmd listens.
   -master NAME, -slave NAME, -slave_cfg FILE : Extended 3PCC: this
                     instance's name and the file of name;host:port lines
                     (-cmd_name and -cmd_peers are the same).
   -key NAME VALUE : Define the keyword [NAME].
   -set NAME VALUE : Set the <Global> variable NAME to VALUE.

*** IP, port and transport:
   -t MODE         : u1 UDP one socket (default), un UDP socket per call,
                     ui UDP socket per address of the first -inf file (column
                     -ip_field, default 0: a client call's source, a
                     server's listening addresses), t1/tn TCP
                     one connection / a connection per call, l1/ln TLS (sl and
                     cl are l1, cln is ln), w1/wn WebSocket, ws1/wsn secure
                     WebSocket (RFC 7118). IPv6 addresses work with all.
   -ip_field N     : -t ui: the -inf column holding each call's source IP.
   -max_socket N   : At most N sockets/connections for un/ui/tn/ln/wn/wsn
                     (50000); past it calls share the open ones in turn.
   -max_reconnect N: t1/l1/w1/ws1: reconnect up to N times when the
                     connection closes (0), -reconnect_sleep TIME apart (1 s);
                     -reconnect_close false keeps the calls it carried.
   -tls_cert FILE, -tls_key FILE : Certificate and key (cacert.pem,
                     cakey.pem); a server needs them, a client sends them
                     when present.
   -tls_ca FILE, -tls_crl FILE : Verify the peer against this CA (and CRL).
   -tls_skip_verify: Never verify the peer's certificate.
   -tls_version V  : 1.0, 1.1, 1.2 or 1.3 only (default: negotiate).
   -tls_sni NAME   : Server name sent (default: the remote host, when a name).
   -i IP           : Local IP for the messages (and the bind address).
   -p PORT         : Local port (default: the first free of 5060-5119).
   -bind_local     : Bind the main socket to -i.
   -rsa HOST[:PORT]: Send every message to this address.
   -buff_size N    : SO_SNDBUF/SO_RCVBUF of the SIP sockets (65536).
   -skip_rlimit    : Leave the open-file limit alone. By default it is
                     raised to the hard limit, and -max_socket is lowered to
                     fit under it (with a warning when -max_socket was given).
   -ci IP, -cp PORT: Remote-control UDP socket (default any:8888, searching
                     up to 8947).

*** Calls:
   -r RATE         : Calls per rate period (10).
   -rp TIME        : Rate period (1000 ms).
   -rate_scale N   : Step of the + - * / keys (1).
   -rate_increase N: Add N to the rate every -rate_interval (60 s).
   -rate_max N     : Highest rate for -rate_increase; passing it ends the test
                     (soft quit) unless -no_rate_quit.
   -l N            : Limit of simultaneous calls (default: 3 x rate x the
                     scenario's duration, as SIPp).
   -m N            : Stop after N calls.
   -users N        : Keep N calls open instead of a rate: a new call starts
                     as soon as one ends; + - * / and "set users N" change N.
   -d TIME         : Length of <pause/> without a duration (0 ms).
   -s NAME         : [service] (service).
   -base_cseq N    : First [cseq] (1).
   -lost PERCENT   : Lose this share of the messages sent and received
                     (an element's lost= wins), to test retransmissions.
   -tdmmap {x1-x2}{h}{y1-y2}{z1-z2} : A table of TDM circuits: each call
                     takes a free one ([tdmmap] prints it x.h.y/z); with none
                     free the call fails (outbound congestion).
   -cid_str FMT    : Call-ID format (%u-%p@%s; %u call number, %p pid,
                     %s local IP, %r a random number).
   -cid_type MODE  : default (-cid_str), uuid, uuid-compact, random or
                     timestamp Call-IDs (SIPp's aliases too).
   -dynamicStart N, -dynamicMax N, -dynamicStep N : [dynamic_id] counts
                     from N (10000) by N (4) up to N (18000), then restarts.
   -au NAME        : [authentication] user when it names none (default: -s).
   -ap PASSWORD    : [authentication] password when it names none (password).
   -auth_uri URI   : The digest uri is sip:URI instead of sip:remote_ip:port.
   -aa             : Answer 200 to out-of-call INFO, NOTIFY, OPTIONS, UPDATE.
   -default_behaviors LIST : all, none, bye, abortunexp, pingreply, +x, -x.
   -nd             : No default behaviour.
   -pause_msg_ign  : Ignore messages received during a pause.
   -callid_slash_ign : Do not strip the xxx/// prefix of Call-IDs.
   -mi IP, -mp PORT: [media_ip], [media_port] (6000).

*** Timers and retransmissions:
   -recv_timeout TIME : Default timeout of every <recv>.
   -timeout TIME   : Stop the test after this time (seconds by default).
   -timeout_error  : Reaching -timeout is an error.
   -max_retrans N, -max_invite_retrans N, -max_non_invite_retrans N
                   : UDP retransmission limits (9, 5, 9).
   -nr             : No UDP retransmission.
   -T2 TIME        : SIP T2 (4000 ms).
   -rtcheck full|loose : How received retransmissions are recognised.
   -deadcall_wait TIME : How long an ended call's Call-ID is remembered.

*** Running:
   -engine jit|interp : Run the scenario as native code (jit, the default)
                     or with the IR interpreter.
   --no-cache      : Compile the scenario now, without the compile cache
                     (~/.cache/gossipper, or $GOSSIPPER_CACHE_DIR).
   -threads N      : Worker threads (default: the number of cores; t1 uses
                     one, since one connection is one byte stream).
   -timer_resol TIME : Length of a worker thread's tick, the precision of
                     pauses, timeouts and retransmissions (1 ms).
   -max_recv_loops N : At most N datagrams read from the UDP socket per turn
                     of a worker's loop (1000).
   -max_sched_loops N : At most N calls woken per tick (1000); the others
                     wait for the next tick.
   -watchdog_interval TIME : How often each worker thread checks that it
                     runs on time (400 ms; 0: never). A check later than
                     -watchdog_minor_threshold (500 ms) or
                     -watchdog_major_threshold (3000 ms) counts a minor or a
                     major trip, with a warning; more than
                     -watchdog_minor_maxtriggers (120) or
                     -watchdog_major_maxtriggers (10) trips (-1: no limit)
                     end the run (exit 255). -watchdog_reset TIME (10 min)
                     without a trip forgets them.
   -f TIME         : Screen refresh period (1 s).
   -nostdin        : Do not read the keyboard.
   -bg             : Run in the background.
   -sleep TIME     : Wait before starting.
   -v, -h          : Version, this help (exit 99).

*** Traces:
   -trace_err      : Write every error (malformed or unexpected message,
                     message for no call, timeout...) to
                     <scenario>_<pid>_errors.log.
   -error_file FILE: Name of that file.
   -error_overwrite true|false : Overwrite it (default) or append.
   -trace_msg      : Every message sent and received, in full, to
                     <scenario>_<pid>_messages.log (-message_file,
                     -message_overwrite).
   -trace_shortmsg : One line per message (time, S/R, Call-ID, CSeq, first
                     line) to <scenario>_<pid>_shortmessages.log
                     (-shortmessage_file, -shortmessage_overwrite).
   -trace_logs     : The <log> actions' text to <scenario>_<pid>_logs.log
                     (-log_file, -log_overwrite).
   -trace_stat     : SIPp's statistics CSV, <scenario>_<pid>_.csv (-stf
                     FILE): a row at start, every -fd TIME (60 s) and at the
                     end; -stat_delimiter (;), -periodic_rtd (repartitions
                     per row, not cumulative).
   -summary_json FILE : Gossipper's JSON summary at the end (schema
                     gossipper_summary_v1): totals, failure classes, SIPp's
                     counters, per response time and the call length count,
                     mean, min, max, stddev, p50/p90/p99/p99.9 and buckets,
                     the call rate over time, the generator's own load.
   -junit FILE     : A JUnit XML report: the calls and each health gate.
   -health_max_failed_ratio R, -health_max_p99_ms MS, -health_min_calls N :
                     Health gates (p99 of every response time, or of the
                     call length without one); breaking one exits 2.
   -max_log_size N : Stop writing the error, message, short message, log and
                     call-debug files past N bytes.
   -ringbuffer_size N, -ringbuffer_files M : Rotate them past N bytes,
                     keeping the last M rotated files.
   -trace_screen   : The final screens to <scenario>_<pid>_screen.log
                     (-screen_file, -screen_overwrite); SIGUSR2 writes them
                     at any time.
   -trace_calldebug: The history of every aborted call (messages sent and
                     received, unexpected ones) to <scenario>_<pid>_calldebug.log
                     (-calldebug_file, -calldebug_overwrite).
   -trace_error_codes : The codes of unexpected responses, a line per -fd
                     period, <scenario>_<pid>_error_codes.csv.
   -trace_counts   : The scenario screen's counters per element,
                     <scenario>_<pid>_counts.csv, on the -fd schedule.
   -trace_rtt      : Every response time, <scenario>_<pid>_rtt.csv
                     (Date_ms;response_time_ms;rtd_no), written every
                     -rtt_freq samples (200) and at the end.

Signals: SIGUSR1 = q (soft quit); SIGUSR2 writes the screens to
<scenario>_<pid>_screen.log; SIGINT/SIGTERM stop at once, with the final
screens.

Keys: 1-3, 6-9 screens; + - * / rate; p pause; q soft quit (twice: abort
calls); Q abort calls; c command: set rate N, set limit N, set users N,
set hide true|false, set display main|ooc, reset stats, dump tasks, dump
variables, trace error|logs|messages|shortmessages on|off. The -cp socket
takes the same keys, one per datagram, or "c" followed by a command.

Exit codes: 0 all calls succeeded, 1 some failed, 97 stopped by an internal
command or -timeout without a successful call, 99 -h/-v/-sd, 255 fatal error,
254 a port could not be bound.
)";
}

} // namespace gossipper::tools
