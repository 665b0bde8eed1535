//===- sipp_options.cpp - SIPp's command line -----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Reads the command line with the option table's rules (sipp_option_table):
// an option takes the next argument(s) as its value(s) whatever they look
// like, as SIPp's own parser does.
//
//===----------------------------------------------------------------------===//
#include "sipp_options.hpp"

#include "sipp_option_table.hpp"

#include <algorithm>

namespace gossipper::tools {

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

bool sipp_option_implemented(std::string_view name) { return find_sipp_option(name) != nullptr; }

namespace {

/// The refusal of an option this build has no row for.
Error unknown_option(const std::string &arg, const std::string &name) {
  const auto &known = sipp_known_options();
  if (std::find(known.begin(), known.end(), name) != known.end()) {
    return Error{"option '" + arg + "' of SIPp is not supported by this build of Gossipper yet " +
                 "(docs/compatibility.md lists what is)." + kSeeHelp};
  }
  return Error{"Invalid argument: '" + arg + "'." + kSeeHelp};
}

/// Applies the option at args[i], taking its values; i ends on the last
/// argument it used.
Expected<void> apply_option(const std::vector<std::string> &args, size_t &i, SippCommandLine &out) {
  const std::string &arg = args[i];
  std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
  const SippOption *opt = find_sipp_option(name);
  if (opt == nullptr) {
    return unknown_option(arg, name);
  }
  std::string v1;
  std::string v2;
  if (opt->kind != OptionKind::Flag) {
    if (i + 1 >= args.size()) {
      return Error{"Missing argument for param '" + arg + "'." + kSeeHelp};
    }
    v1 = args[++i];
  }
  if (opt->kind != OptionKind::TwoValues) {
    return opt->apply(out, name, v1);
  }
  if (i + 1 >= args.size()) {
    return Error{"Missing argument for param '" + v1 + "'." + kSeeHelp};
  }
  v2 = args[++i];
  return opt->apply(out, v1, v2);
}

} // namespace

Expected<SippCommandLine> parse_sipp_command_line(const std::vector<std::string> &args) {
  SippCommandLine out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (a.size() < 2 || a[0] != '-') {
      out.remote = a;
      continue;
    }
    Expected<void> applied = apply_option(args, i, out);
    if (!applied) {
      // SIPp: errors before the scenario is installed exit 1.
      return Error{applied.error().message, 1};
    }
  }
  return out;
}

} // namespace gossipper::tools
