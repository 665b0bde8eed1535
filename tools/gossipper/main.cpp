//===- main.cpp - The gossipper command line ------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Parses the command line and hands it to the subcommand. SIPp's one-dash long
// options work everywhere (see sipp_option_style.hpp).
//
//===----------------------------------------------------------------------===//
#include "commands.hpp"
#include "report_command.hpp"
#include "sipp_option_style.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

namespace {

using gossipper::tools::ScenarioContextOptions;

void collect_long_names(const CLI::App &app, std::set<std::string> &names) {
  for (const CLI::Option *opt : app.get_options()) {
    for (const std::string &n : opt->get_lnames()) {
      names.insert(n);
    }
  }
  for (const CLI::App *sub : app.get_subcommands([](const CLI::App *) { return true; })) {
    collect_long_names(*sub, names);
  }
}

void add_context_options(CLI::App &cmd, ScenarioContextOptions &ctx) {
  cmd.add_option("--key", ctx.keys, "Define the keyword [NAME] (as sipp -key NAME VALUE)")
      ->expected(2)
      ->allow_extra_args(false)
      ->type_name("NAME VALUE");
  cmd.add_option("--inf", ctx.injection_files,
                 "Injection file: [fieldN] is checked against its fields")
      ->allow_extra_args(false);
  cmd.add_option("--infindex", ctx.injection_indexes,
                 "Index of an injection file: <lookup> on it is accepted (as sipp -infindex)")
      ->expected(2)
      ->allow_extra_args(false)
      ->type_name("FILE FIELD");
  cmd.add_option("--3pcc", ctx.twin_3pcc, "3PCC twin address: sendCmd/recvCmd are checked")
      ->type_name("HOST:PORT");
  cmd.add_option("--master", ctx.master, "Extended 3PCC master name");
  cmd.add_option("--slave", ctx.slave, "Extended 3PCC slave name");
  cmd.add_option("--slave_cfg", ctx.slave_cfg, "Extended 3PCC peers file (name;host:port)");
}

} // namespace

namespace {

int run(int argc, char **argv) {
  using namespace gossipper::tools;
  CLI::App app{"Gossipper: a SIPp-compatible SIP load generator whose scenarios are compiled.",
               "gossipper"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and exit");

  CheckOptions check;
  CLI::App *check_cmd = app.add_subcommand(
      "check", "Validate SIPp scenarios: every problem as file:line:col, exit 1 if any error");
  check_cmd->add_option("files", check.files, "Scenario files")->required();
  std::string format = "text";
  check_cmd->add_option("--format", format, "Output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_flag("--Werror", check.warnings_as_errors, "Treat warnings as errors");
  add_context_options(*check_cmd, check.context);

  CompileOptions compile;
  CLI::App *compile_cmd = app.add_subcommand("compile", "Compile a scenario and print a stage");
  compile_cmd->add_option("file", compile.file, "Scenario file (or --sn NAME)");
  compile_cmd->add_option("--sn", compile.builtin,
                          "Compile the built-in scenario NAME (as sipp -sn)");
  compile_cmd->add_flag("--emit-ir", compile.emit_ir, "Print the IR in its stable text form");
  compile_cmd->add_flag("--emit-ast", compile.emit_ast, "Print the AST");
  compile_cmd->add_flag("--emit-llvm", compile.emit_llvm,
                        "Print the optimized LLVM IR the JIT compiles");
  bool no_locations = false;
  compile_cmd->add_flag("--no-locations", no_locations, "Leave @line:col out of the IR");
  compile_cmd->add_option("-o,--output", compile.output, "Write to FILE instead of stdout");
  add_context_options(*compile_cmd, compile.context);

  std::string report_summary;
  std::string report_output;
  CLI::App *report_cmd =
      app.add_subcommand("report", "Write a run's HTML page from its -summary_json");
  report_cmd->add_option("summary", report_summary, "The -summary_json file of gossipper sipp")
      ->required();
  report_cmd->add_option("-o,--output", report_output, "The HTML page to write")->required();

  CLI::App *summary_cmd =
      app.add_subcommand("summary", "Work on -summary_json files (merge: a sharded run's as one)");
  summary_cmd->require_subcommand(1);
  std::vector<std::string> merge_files;
  std::string merge_output;
  CLI::App *merge_cmd = summary_cmd->add_subcommand(
      "merge", "Merge the -summary_json files of a sharded run's shards into one, exactly");
  merge_cmd->add_option("files", merge_files, "The shards' summaries (-shard I/N), one or more")
      ->required();
  merge_cmd->add_option("-o,--output", merge_output, "The merged summary to write")->required();

  CLI::App *cli_cmd = app.add_subcommand(
      "cli", "A command shell: set options, check, run tests in the background and drive them, "
             "or drive a remote run or server's API (a script's lines when not a terminal)");
  std::string cli_script;
  cli_cmd->add_option("script", cli_script, "Commands to run, one per line, instead of a terminal");
  CLI::App *tui_cmd = app.add_subcommand(
      "tui", "A full-screen launcher and live dashboard (--api HOST:PORT: a running test's)");
  TuiOptions tui;
  tui_cmd->add_option("--api", tui.api, "The API (-api_addr) of a running test: its dashboard")
      ->type_name("HOST:PORT");
  tui_cmd->add_option("--token", tui.token, "That API's -api_token");
  Pcap2ScenarioOptions pcap2scenario;
  CLI::App *pcap2scenario_cmd = app.add_subcommand(
      "pcap2scenario", "Write a UAC and a UAS scenario (and each side's RTP) from a SIP capture");
  pcap2scenario_cmd->add_option("capture", pcap2scenario.capture, "A pcap or pcapng file")
      ->required();
  pcap2scenario_cmd->add_option("-o,--output", pcap2scenario.output, "The directory to write to")
      ->required();
  pcap2scenario_cmd->add_option("--call", pcap2scenario.call_id,
                                "Convert only the call with this Call-ID");

  app.add_subcommand("sipp", "Run a test with SIPp's command line (gossipper sipp -h)");
  app.add_subcommand("run", "Run a precompiled scenario: gossipper run [--trust] a.gso [sipp "
                            "options]");
  app.add_subcommand("server", "Run a UAS and clients from a JSON profile, with the HTTP API: "
                               "gossipper server -config profile.json (--check to validate)");

  std::vector<std::string> args(argv + 1, argv + argc);
  // SIPp's command line has its own rules (see sipp_options.cpp).
  if (!args.empty() && args[0] == "sipp") {
    std::vector<std::string> sipp(args.begin() + 1, args.end());
    // -control: the same run under gossipper tui's dashboard.
    if (auto c =
            std::find_if(sipp.begin(), sipp.end(),
                         [](const std::string &a) { return a == "-control" || a == "--control"; });
        c != sipp.end()) {
      sipp.erase(c);
      return run_sipp_control(sipp);
    }
    return run_sipp(sipp);
  }
  if (!args.empty() && args[0] == "server") {
    return run_server(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  if (!args.empty() && args[0] == "run") {
    // gossipper run [--trust] a.gso ... is gossipper sipp -sf a.gso [-trust] ...
    auto file = std::find_if(args.begin() + 1, args.end(),
                             [](const std::string &a) { return a != "--trust" && a != "-trust"; });
    if (file != args.end() && !file->empty() && (*file)[0] != '-') {
      std::vector<std::string> sipp_args = {"-sf", *file};
      sipp_args.insert(sipp_args.end(), args.begin() + 1, file);
      sipp_args.insert(sipp_args.end(), file + 1, args.end());
      return run_sipp(sipp_args);
    }
  }
  std::set<std::string> long_names;
  collect_long_names(app, long_names);
  args = translate_sipp_options(args, long_names);
  std::reverse(args.begin(), args.end()); // CLI11 takes the vector back to front

  try {
    app.parse(args);
  } catch (const CLI::ParseError &e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  if (show_version) {
    std::cout << version_string() << '\n';
    return 0;
  }
  if (*check_cmd) {
    check.json = format == "json";
    return run_check(check, std::cout, std::cerr);
  }
  if (*compile_cmd) {
    compile.locations = !no_locations;
    return run_compile(compile, std::cout, std::cerr);
  }
  if (*pcap2scenario_cmd) {
    return run_pcap2scenario(pcap2scenario, std::cout, std::cerr);
  }
  if (*report_cmd) {
    return run_report(report_summary, report_output, std::cerr);
  }
  if (*merge_cmd) {
    return run_summary_merge(merge_files, merge_output, std::cerr);
  }
  if (*cli_cmd) {
    return run_cli(cli_script);
  }
  if (*tui_cmd) {
    return run_tui(tui);
  }
  std::cout << app.help();
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception &e) {
    // Nothing should get here; if something does, say so instead of aborting.
    std::cerr << "gossipper: internal error: " << e.what() << '\n';
    return 1;
  }
}
