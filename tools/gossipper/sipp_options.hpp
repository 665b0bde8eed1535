//===- sipp_options.hpp - SIPp's command line ------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// `gossipper sipp ...` takes SIPp's options, with one dash or two, with SIPp's
// value rules (time units ms/s/m/h, booleans, two-value options). Only the
// options this build implements are accepted; any other is refused as SIPp
// refuses an unknown one.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/api_server.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gossipper::tools {

struct SippCommandLine {
  runtime::RunConfig run;
  std::string scenario_file;    ///< -sf
  std::string scenario_builtin; ///< -sn
  std::string dump;             ///< -sd
  std::string ooc_file;         ///< -oocsf
  std::string ooc_builtin;      ///< -oocsn
  std::vector<std::string> injection_files;
  std::string twin_3pcc;     ///< -3pcc HOST:PORT
  std::string command_name;  ///< -master / -slave / -cmd_name
  std::string command_peers; ///< -slave_cfg / -cmd_peers
  /// -infindex FILE FIELD: injection file name → indexed field.
  std::vector<std::pair<std::string, unsigned>> injection_indexes;
  bool help = false;
  bool version = false;
  bool background = false;
  uint64_t sleep_ms = 0;
  std::string remote;           ///< positional remote_host[:port]
  bool shard_given = false;     ///< -shard I/N (else the environment may say)
  uint32_t shards = 0;          ///< -shards N (0: not given)
  bool rtp_ports_given = false; ///< -min_rtp_port/-mp or -max_rtp_port: sliced per shard
  bool threads_given = false;
  bool max_socket_given =
      false;                  ///< -max_socket (else SIPp's default, fitted to the open-file limit)
  std::string engine = "jit"; ///< -engine interp|jit
  bool use_cache = true;      ///< -no-cache clears it
  bool trust_object = false;  ///< -trust: a -sf .gso of another user, or anyone's to change
  std::string api_addr;       ///< -api_addr HOST:PORT (empty: no API)
  std::string api_port_file;  ///< -api_port_file: where the bound port is written
  runtime::ApiOptions api;    ///< -api_token, -api_live_interval, -api_tls_*, -api_allow_exec
  /// -metrics_addr HOST:PORT (empty: no Prometheus listener of its own).
  std::string metrics_addr;
  /// That listener's address, with the API's -api_token and -api_tls_*.
  runtime::ApiOptions metrics;
};

/// The line that ends a refusal of the command line. The message before it
/// keeps its own punctuation, which differs from one message to another.
inline constexpr const char *kSeeHelp = "\nUse 'gossipper sipp -h' for details";

/// Parses argv (after "sipp"); an error (exit code 1, as SIPp's) when the
/// command line is not valid.
Expected<SippCommandLine> parse_sipp_command_line(const std::vector<std::string> &args);

/// Every option of SIPp (3.6.1's -h, and the ones newer versions added),
/// without its dash: what docs/compatibility.md lists.
const std::vector<std::string_view> &sipp_known_options();
/// Whether `gossipper sipp` implements the option (name without dash).
bool sipp_option_implemented(std::string_view name);

} // namespace gossipper::tools
