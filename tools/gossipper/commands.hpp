//===- commands.hpp - The gossipper subcommands ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each subcommand is a function of its parsed options; main.cpp only parses.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "scenario_context.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace gossipper::tools {

struct CheckOptions {
  std::vector<std::string> files;
  ScenarioContextOptions context;
  bool json = false;
  bool warnings_as_errors = false;
};
/// 0 when every file is clean, 1 when one has an error.
int run_check(const CheckOptions &opts, std::ostream &out, std::ostream &err);

struct CompileOptions {
  std::string file;
  std::string builtin; ///< --sn NAME: a built-in scenario instead of a file
  ScenarioContextOptions context;
  bool emit_ir = false;
  bool emit_ast = false;
  bool emit_llvm = false;
  bool locations = true;
  std::string output; ///< "" or "-": standard output
};
int run_compile(const CompileOptions &opts, std::ostream &out, std::ostream &err);

struct Pcap2ScenarioOptions {
  std::string capture;
  std::string output;  ///< the directory the files go to
  std::string call_id; ///< "": every call of the capture
};
/// `gossipper pcap2scenario CAPTURE -o DIR`: 0 when the scenarios were
/// written, 1 (nothing written) when not.
int run_pcap2scenario(const Pcap2ScenarioOptions &opts, std::ostream &out, std::ostream &err);

/// `gossipper summary merge FILES... -o OUT`: the shards' -summary_json
/// files as one (docs/sharding.md). 0 when written; 1 (nothing written)
/// when a file cannot be read or is refused, with the reason on `err`.
int run_summary_merge(const std::vector<std::string> &files, const std::string &output,
                      std::ostream &err);

/// SIPp's refusal of an unknown built-in scenario NAME, naming those there are.
std::string unknown_builtin(const std::string &name);
/// `gossipper sipp -sd NAME`: SIPp prints a built-in scenario and exits 99.
int run_sipp_dump(const std::string &name, std::ostream &out, std::ostream &err);
/// `gossipper sipp ...`: SIPp's command line; runs the test.
int run_sipp(const std::vector<std::string> &args);
/// `gossipper server -config profile.json`: runs a UAS and clients, with the
/// API over them, until SIGINT or SIGTERM; `--check` validates only.
int run_server(const std::vector<std::string> &args);
/// `gossipper cli [SCRIPT]`: the command shell (shell_session.hpp).
int run_cli(const std::string &script);
struct TuiOptions {
  std::string api;   ///< HOST:PORT of a run's API: its dashboard, no launcher
  std::string token; ///< that API's -api_token
};
/// `gossipper tui`: the launcher and the live dashboard (tui_command.cpp).
int run_tui(const TuiOptions &options);
/// `gossipper sipp ... -control`: the run, under the dashboard.
int run_sipp_control(const std::vector<std::string> &sipp_args);
/// `gossipper sipp -v`.
int run_sipp_version(std::ostream &out);

[[nodiscard]] std::string version_string();

} // namespace gossipper::tools
