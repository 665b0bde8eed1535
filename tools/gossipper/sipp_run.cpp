//===- sipp_run.cpp - gossipper sipp: load, check, run ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What SIPp does between its command line and its first call: load the
// scenario (refusing it, with located errors, before any traffic), resolve
// the peer, choose the local address, open the sockets; then run.
//
//===----------------------------------------------------------------------===//
#include "api_hookup.hpp"
#include "command_peers.hpp"
#include "commands.hpp"
#include "diagnostic_output.hpp"
#include "scenario_program.hpp"
#include "sipp_help.hpp"
#include "sipp_options.hpp"
#include "sipp_sharding.hpp"

#include "gossipper/compiler/frontend.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/address.hpp"
#include "gossipper/runtime/engine.hpp"
#include "gossipper/runtime/interpreter.hpp"
#include "gossipper/runtime/media_files.hpp"
#include "gossipper/runtime/media_ports.hpp"
#include "gossipper/runtime/open_file_limit.hpp"
#include "gossipper/runtime/run_constants.hpp"
#include "gossipper/runtime/runtime_support.hpp"
#include "gossipper/runtime/scenario_object.hpp"
#include "gossipper/runtime/tdm_map.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"
#include "gossipper/stdlib/content_digest.hpp"
#include "gossipper/stdlib/host_machine.hpp"
#include "gossipper/stdlib/injection_file.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace gossipper::tools {
namespace {

/// Where Debian's sip-tester installs SIPp's pcaps, which the built-in
/// uac_pcap names as pcap/g711a.pcap and pcap/dtmf_2833_1.pcap.
constexpr const char *kSippPcapDir = "/usr/share/sip-tester";

std::string scenario_name_of(const SippCommandLine &cl) {
  if (!cl.scenario_file.empty()) {
    std::string base = cl.scenario_file.substr(cl.scenario_file.find_last_of('/') + 1);
    if (base.size() > 4 && (base.ends_with(".xml") || base.ends_with(".gso"))) {
      base.resize(base.size() - 4);
    }
    return base;
  }
  return cl.scenario_builtin.empty() ? "uac" : cl.scenario_builtin;
}

/// A .gso from `gossipper compile`, checked to fit this build and machine.
Expected<std::unique_ptr<runtime::ScenarioObject>> open_precompiled(const std::string &path,
                                                                    bool trust) {
  Expected<std::unique_ptr<runtime::ScenarioObject>> opened =
      runtime::ScenarioObject::open(path, {.trust = trust});
  if (!opened) {
    return Error{"gossipper: " + opened.error().message};
  }
  std::unique_ptr<runtime::ScenarioObject> object = *std::move(opened);
  std::string error;
  if (object->get("compiler") != version_string()) {
    error = "'" + path + "' was compiled by " + object->get("compiler") + "; this is " +
            version_string() + ": compile it again";
  } else if (object->get("target") != stdlib::host_machine()) {
    error = "'" + path + "' was compiled for " + object->get("target") + "; this machine is " +
            stdlib::host_machine() + ": compile it again here";
  } else if (object->get("source_hash") != stdlib::content_digest(object->source())) {
    error = "'" + path + "' is damaged: its source does not match its manifest";
  } else {
    return object;
  }
  return Error{"gossipper: " + error};
}

/// Where a scenario's media files are looked for.
runtime::MediaSearch media_search(const std::string &file) {
  runtime::MediaSearch search;
  if (!file.empty()) {
    std::string::size_type slash = file.rfind('/');
    search.scenario_dir = slash == std::string::npos ? "." : file.substr(0, slash);
  } else {
    search.fallback_dir = kSippPcapDir;
  }
  return search;
}

/// A scenario (file, else built-in NAME) compiled and checked for this run,
/// its media files read (into `media`, when it has media actions): the
/// diagnostics go to stderr; no scenario when it has errors.
compiler::FrontendResult compile_for_run(const std::string &file, const std::string &builtin,
                                         const compiler::FrontendOptions &fo,
                                         runtime::RunFeatures features,
                                         std::shared_ptr<const runtime::MediaFiles> &media,
                                         const runtime::MediaLoadOptions &media_options,
                                         const runtime::ScenarioObject *object = nullptr) {
  std::optional<compiler::SourceBuffer> src;
  ir::DiagnosticEngine diags;
  if (object != nullptr) {
    // A precompiled scenario: its code runs, and the IR around it comes from
    // the source it embeds (the runtime drives the states from the IR).
    // A built-in compiled with gossipper compile -sn names no file.
    diags = ir::DiagnosticEngine(object->get("file").empty() ? file : object->get("file"));
    src.emplace(diags.file(), object->source());
  } else if (!file.empty()) {
    diags = ir::DiagnosticEngine(file);
    src = compiler::SourceBuffer::read_file(file, diags);
  } else {
    const scenarios::BuiltinScenario *b = scenarios::find_builtin(builtin);
    if (b == nullptr) {
      std::cerr << "Invalid default scenario name '" << builtin << "'\n";
      return {};
    }
    diags = ir::DiagnosticEngine("<built-in " + builtin + ">");
    src.emplace(diags.file(), std::string(b->xml));
  }
  compiler::FrontendResult fr;
  if (src) {
    fr = compiler::compile_source(*src, fo, diags);
  }
  if (fr.scenario && !diags.has_errors()) {
    runtime::check_runtime_support(*fr.scenario, diags, features);
  }
  if (fr.scenario && !diags.has_errors() && features.media) {
    media = runtime::load_media_files(*fr.scenario, diags,
                                      media_search(object != nullptr ? object->get("file") : file),
                                      media_options);
  }
  // A built-in's warnings are known and vetted by the tests (SIPp's branchc
  // skips a <recv> on purpose): only a file the user wrote gets them.
  if (object != nullptr || !file.empty() || diags.has_errors()) {
    write_text(std::cerr, diags);
  }
  if (diags.has_errors()) {
    fr.scenario.reset();
  }
  return fr;
}

/// <insert>/<replace> change -inf files while calls read them: those files
/// then lock, the others never do.
bool changes_injection_files(const ir::Scenario &s) {
  for (const auto *states : {&s.states, &s.init_states}) {
    for (const ir::State &st : *states) {
      for (const ir::Action &a : st.actions) {
        const auto *f = std::get_if<ir::InjectionFileAction>(&a.body);
        if (f != nullptr && f->op != ir::InjectionFileAction::Op::Lookup) {
          return true;
        }
      }
    }
  }
  return false;
}

using InjectionFiles = std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>>;

/// Prints the error's message (some were printed as they arose: compiler
/// diagnostics) and returns its exit code: 1, as SIPp's refusals before the
/// run, when the error names none.
int report(const Error &error) {
  if (!error.message.empty()) {
    std::cerr << error.message << '\n';
  }
  return error.exit_code == 0 ? 1 : error.exit_code;
}

//===-- Before the scenario ----------------------------------------------===//

/// -h, -v, -sd, and no argument at all: SIPp answers and exits.
std::optional<int> informational_run(const SippCommandLine &cl, bool no_arguments) {
  if (cl.help || no_arguments) {
    std::cout << sipp_help_text();
    return runtime::kExitInfo;
  }
  if (cl.version) {
    return run_sipp_version(std::cout);
  }
  if (!cl.dump.empty()) {
    return run_sipp_dump(cl.dump, std::cout, std::cerr);
  }
  return std::nullopt;
}

/// The checks `gossipper check` makes with this command line's context.
compiler::FrontendOptions frontend_options(const SippCommandLine &cl) {
  compiler::FrontendOptions fo;
  for (const auto &[k, v] : cl.run.keys) {
    fo.lowering.custom_keys.insert(k);
  }
  fo.verify.check_3pcc = true;
  fo.verify.twin_3pcc = !cl.twin_3pcc.empty();
  fo.verify.check_injection = true;
  return fo;
}

/// Extended 3PCC: the peers file, whose names the checks then know.
Expected<std::vector<CommandPeer>> command_peers_of(const SippCommandLine &cl,
                                                    compiler::FrontendOptions &fo) {
  if (cl.command_name.empty() && cl.command_peers.empty()) {
    return std::vector<CommandPeer>{};
  }
  if (cl.command_name.empty() || cl.command_peers.empty()) {
    return Error{"Extended 3PCC needs both a name (-master, -slave or -cmd_name) and a peers "
                 "file (-slave_cfg or -cmd_peers)"};
  }
  Expected<std::vector<CommandPeer>> peers = read_command_peers(cl.command_peers);
  if (!peers) {
    return peers.error();
  }
  fo.verify.extended_3pcc = true;
  for (const CommandPeer &p : *peers) {
    fo.verify.peers.insert(p.name);
  }
  if (fo.verify.peers.count(cl.command_name) == 0) {
    return Error{"get_peer_addr: Peer " + cl.command_name + " not found in " + cl.command_peers};
  }
  return peers;
}

/// The -inf files, whose fields the checks then know; the first is the
/// default one.
Expected<InjectionFiles> load_injection_files(const SippCommandLine &cl,
                                              compiler::FrontendOptions &fo) {
  InjectionFiles files;
  for (const std::string &path : cl.injection_files) {
    auto f = std::make_shared<stdlib::InjectionFile>();
    if (Expected<void> loaded = f->load(path); !loaded) {
      return loaded.error();
    }
    std::string name = stdlib::InjectionFile::name_of(path);
    if (fo.verify.default_injection_file.empty()) {
      fo.verify.default_injection_file = name;
    }
    fo.verify.injection_fields[name] = f->field_count();
    files.emplace_back(name, f);
  }
  return files;
}

/// -infindex: the named files indexed, so <lookup> on them passes the checks.
Expected<void> index_injection_files(const SippCommandLine &cl, InjectionFiles &files,
                                     compiler::FrontendOptions &fo) {
  for (const auto &index : cl.injection_indexes) {
    const std::string &name = index.first; // a lambda cannot capture a structured binding (C++20)
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const auto &file) { return file.first == name; });
    if (it == files.end()) {
      return Error{"Could not find file for -infindex: " + name +
                   " (give it with -inf first; files are named by their last path component)"};
    }
    it->second->build_index(index.second);
    fo.verify.indexed_injection_files.insert(name);
  }
  return {};
}

//===-- The scenarios ----------------------------------------------------===//

/// The scenarios of the run, compiled and checked.
struct RunScenarios {
  std::unique_ptr<runtime::ScenarioObject> object; ///< a precompiled -sf
  std::optional<runtime::TdmMap> tdm_map;
  compiler::FrontendResult main;
  compiler::FrontendResult ooc;                     ///< -oocsf / -oocsn
  std::shared_ptr<const runtime::MediaFiles> media; ///< the main scenario's
  runtime::EchoSockets echo;                        ///< -rtp_echo's
};

Expected<std::optional<runtime::TdmMap>> tdm_map_of(const SippCommandLine &cl) {
  if (cl.run.tdm_map.empty()) {
    return std::optional<runtime::TdmMap>();
  }
  std::optional<runtime::TdmMap> map = runtime::TdmMap::parse(cl.run.tdm_map);
  if (!map) {
    return Error{"Parameter -tdmmap must be of form {%d-%d}{%d}{%d-%d}{%d-%d}",
                 runtime::kExitFatal};
  }
  return map;
}

/// The main and out-of-call scenarios, checked against this command line
/// before any traffic, as `gossipper check` would; their diagnostics on
/// stderr.
Expected<RunScenarios> compile_scenarios(const SippCommandLine &cl,
                                         const compiler::FrontendOptions &fo) {
  RunScenarios run;
  // By name too: a .gso that is not an object is refused as one, not read
  // as a malformed XML scenario.
  if (!cl.scenario_file.empty() && (cl.scenario_file.ends_with(".gso") ||
                                    runtime::ScenarioObject::looks_like_object(cl.scenario_file))) {
    auto object = open_precompiled(cl.scenario_file, cl.trust_object);
    if (!object) {
      return object.error();
    }
    run.object = std::move(*object);
  }
  auto tdm_map = tdm_map_of(cl);
  if (!tdm_map) {
    return tdm_map.error();
  }
  run.tdm_map = std::move(*tdm_map);
  runtime::RunFeatures features;
  features.tdm_map = run.tdm_map.has_value();
  run.main = compile_for_run(
      cl.scenario_file, cl.scenario_builtin.empty() ? "uac" : cl.scenario_builtin, fo, features,
      run.media, runtime::MediaLoadOptions{cl.run.rtp_payload, cl.run.dtls_cert, cl.run.dtls_key},
      run.object.get());
  if (!run.main.scenario) {
    return Error{};
  }
  if (cl.ooc_file.empty() && cl.ooc_builtin.empty()) {
    return run;
  }
  if (run.main.scenario->mode == ir::Mode::Server) {
    return Error{"SIPp cannot use out-of-call scenarios when running in server mode"};
  }
  features.media = false;
  std::shared_ptr<const runtime::MediaFiles> no_media;
  run.ooc = compile_for_run(cl.ooc_file, cl.ooc_builtin, fo, features, no_media, {});
  if (!run.ooc.scenario) {
    return Error{};
  }
  return run;
}

/// The -inf files made ready for what the scenario does with them.
Expected<void> prepare_injection_files(InjectionFiles &files, const ir::Scenario &scenario,
                                       const runtime::RunConfig &cfg) {
  int64_t users = cfg.users;
  if (changes_injection_files(scenario)) {
    for (auto &file : files) {
      file.second->make_writable();
    }
  }
  for (const auto &[name, file] : files) {
    // SIPp stops mid-run when a user has no line; say so before any traffic.
    if (file->order() == stdlib::InjectionFile::Order::User && users > file->line_count()) {
      return Error{name + " has only " + std::to_string(file->line_count()) +
                   " lines, yet -users asks for " + std::to_string(users) +
                   " (a USER injection file needs a line per user)"};
    }
    if (Expected<void> rows = shard_injection_rows(name, *file, cfg); !rows) {
      return rows;
    }
  }
  return {};
}

//===-- The run's configuration ------------------------------------------===//

/// What the run says of itself: its name, mode, process, version, threads.
void fill_run_identity(SippCommandLine &cl, const ir::Scenario &scenario) {
  runtime::RunConfig &cfg = cl.run;
  cfg.scenario_name = scenario_name_of(cl);
  cfg.server_mode = scenario.mode == ir::Mode::Server;
  cfg.pid = static_cast<uint32_t>(::getpid());
  cfg.version = version_string();
  if (!cl.threads_given) {
    cfg.threads = std::max(1U, std::thread::hardware_concurrency());
  }
  if (cfg.auth_user.empty()) {
    cfg.auth_user = cfg.service;
  }
}

/// The positional remote_host[:port]; a client needs one.
Expected<void> resolve_remote(const std::string &remote, runtime::RunConfig &cfg) {
  if (remote.empty()) {
    if (cfg.server_mode) {
      return {};
    }
    return Error{"Missing remote host parameter. This scenario requires it", runtime::kExitFatal};
  }
  auto [host, port] = runtime::split_host_port(remote);
  std::cerr << "Resolving remote host '" << host << "'... ";
  Expected<std::string> ip = runtime::resolve(host);
  if (!ip) {
    return Error{"\nUnknown remote host '" + host + "'." + kSeeHelp, runtime::kExitFatal};
  }
  std::cerr << "Done.\n";
  cfg.remote_ip = *ip;
  cfg.remote_host = host;
  cfg.remote_port = port == 0 ? 5060 : port;
  cfg.have_remote = true;
  return {};
}

/// HOST:PORT resolved; none without a port, or when HOST does not resolve.
std::optional<runtime::HostPort> resolve_with_port(const std::string &address) {
  runtime::HostPort hp = runtime::split_host_port(address);
  if (hp.port == 0) {
    return std::nullopt;
  }
  Expected<std::string> ip = runtime::resolve(hp.host);
  if (!ip) {
    return std::nullopt;
  }
  return runtime::HostPort{*ip, hp.port};
}

/// -3pcc's twin, the extended 3PCC peers and -rsa, resolved.
Expected<void> resolve_peers(const SippCommandLine &cl, const std::vector<CommandPeer> &peers,
                             runtime::RunConfig &cfg) {
  if (!cl.twin_3pcc.empty()) {
    std::optional<runtime::HostPort> twin = resolve_with_port(cl.twin_3pcc);
    if (!twin) {
      return Error{"Unknown twin host '" + cl.twin_3pcc + "' (-3pcc needs HOST:PORT)." + kSeeHelp,
                   runtime::kExitFatal};
    }
    cfg.twin_host = twin->host;
    cfg.twin_port = twin->port;
  }
  cfg.command_name = cl.command_name;
  for (const CommandPeer &p : peers) {
    std::optional<runtime::HostPort> at = resolve_with_port(p.address);
    if (!at) {
      return Error{"Unknown address '" + p.address + "' of 3PCC peer " + p.name,
                   runtime::kExitFatal};
    }
    cfg.command_peers.push_back({p.name, at->host, at->port});
  }
  if (cfg.rsa_host) {
    Expected<std::string> ip = runtime::resolve(*cfg.rsa_host);
    if (!ip) {
      return Error{"Unknown remote host '" + *cfg.rsa_host + "'."};
    }
    cfg.rsa_host = *ip;
  }
  return {};
}

/// The address the kernel sends from toward the remote host, else this
/// host's name's, else loopback.
std::string default_local_ip(const runtime::RunConfig &cfg) {
  if (cfg.have_remote) {
    Expected<std::string> toward = runtime::local_ip_toward(cfg.remote_ip, cfg.remote_port);
    if (toward && !toward->empty()) {
      return *toward;
    }
  }
  char name[256] = {};
  if (::gethostname(name, sizeof name) == 0) {
    if (Expected<std::string> own = runtime::resolve(name)) {
      return *own;
    }
  }
  return "127.0.0.1";
}

/// Without -i: default_local_ip. -mi and the TLS name follow.
void choose_local_addresses(runtime::RunConfig &cfg) {
  if (cfg.local_ip.empty()) {
    cfg.local_ip = default_local_ip(cfg);
  }
  if (cfg.media_ip.empty()) {
    cfg.media_ip = cfg.local_ip;
  }
  if (cfg.tls.sni.empty()) {
    cfg.tls.sni = runtime::default_server_name(cfg.remote_host);
  }
}

/// SIPp's ui: each client call sends from the address its line of the first
/// -inf file holds in column -ip_field.
Expected<void> check_per_address_transport(runtime::RunConfig &cfg, bool has_injection_file) {
  if (cfg.transport != runtime::TransportMode::UdpPerIp) {
    return {};
  }
  if (!has_injection_file) {
    return Error{std::string("-t ui needs an -inf file whose column -ip_field holds the source "
                             "addresses") +
                     kSeeHelp,
                 runtime::kExitFatal};
  }
  cfg.ip_field = std::max(cfg.ip_field, 0);
  return {};
}

/// Raises the open-file limit, and fits -max_socket under it: a multi-socket
/// run holds a descriptor per open call.
void fit_open_file_limit(SippCommandLine &cl) {
  runtime::RunConfig &cfg = cl.run;
  if (cfg.skip_rlimit) {
    return;
  }
  uint64_t limit = runtime::raise_open_file_limit();
  uint64_t room = limit > runtime::kReservedFiles ? limit - runtime::kReservedFiles : 1;
  if (runtime::is_multisocket(cfg.transport) && cfg.max_socket > room) {
    if (cl.max_socket_given) {
      std::cerr << "Warning: maximum number of open sockets (" << cfg.max_socket
                << ") does not fit under the maximum number of open files (" << limit << "): using "
                << room << ". Tune this with the `ulimit` command or the -max_socket option\n";
    }
    cfg.max_socket = static_cast<uint32_t>(room);
  }
}

//===-- The run ----------------------------------------------------------===//

/// A scenario's templates and the program that renders them.
struct LoadedProgram {
  ir::TemplateTable templates;
  std::optional<ScenarioProgram> program;
};

/// The scenario's program for -engine (the reason on stderr when it cannot
/// be built). Held by pointer: the program refers to the templates.
Expected<std::unique_ptr<LoadedProgram>> load_program(const ir::Scenario &scenario,
                                                      const SippCommandLine &cl,
                                                      const runtime::ScenarioObject *object) {
  auto loaded = std::make_unique<LoadedProgram>();
  loaded->templates = ir::number_templates(scenario);
  loaded->program.emplace(scenario, loaded->templates);
  if (!loaded->program->load(cl.engine, object, cl.use_cache,
                             runtime::run_constants_of(cl.run, loaded->templates))) {
    return Error{"", runtime::kExitFatal};
  }
  return loaded;
}

/// -bg: the parent prints the child's pid and exits 99; the child goes on,
/// detached from the terminal (and a failed fork, in the foreground).
void go_to_background() {
  pid_t child = ::fork();
  if (child > 0) {
    std::cout << "Background mode - PID=[" << child << "]" << std::endl;
    // Without unwinding: the engine's sockets and their reactor were made
    // before the fork and are the child's now; tearing down the parent's
    // copy would take them out of the reactor the two share.
    std::_Exit(runtime::kExitInfo);
  }
  if (child == 0) {
    ::setsid();
    std::freopen("/dev/null", "r", stdin);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
  }
}

/// Loads the programs, opens the engine's sockets and files, then runs
/// (after -bg and -sleep).
int run_engine(const SippCommandLine &cl, RunScenarios &scenarios, InjectionFiles injection) {
  const ir::Scenario &scenario = *scenarios.main.scenario;
  auto main = load_program(scenario, cl, scenarios.object.get());
  if (!main) {
    return report(main.error());
  }
  runtime::Engine engine(cl.run, scenario, (*main)->templates, (*main)->program->program());
  engine.set_injection_files(std::move(injection));
  engine.set_media(scenarios.media, scenarios.echo);
  if (scenarios.tdm_map) {
    engine.set_tdm_map(std::move(*scenarios.tdm_map));
  }
  Expected<std::unique_ptr<LoadedProgram>> ooc = std::unique_ptr<LoadedProgram>();
  if (scenarios.ooc.scenario) {
    ooc = load_program(*scenarios.ooc.scenario, cl, nullptr);
    if (!ooc) {
      return report(ooc.error());
    }
    engine.set_out_of_call(*scenarios.ooc.scenario, (*ooc)->templates, (*ooc)->program->program());
  }
  if (Expected<void> opened = engine.open(); !opened) {
    return report(opened.error());
  }
  if (cl.background) {
    go_to_background();
  }
  Expected<RunListeners> listeners = start_listeners(cl, scenario, engine);
  if (!listeners) {
    return report(Error{listeners.error().message, runtime::kExitFatal});
  }
  if (cl.sleep_ms != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(cl.sleep_ms));
  }
  wait_for_start(cl.run.start_at_ms, std::cerr);
  int code = engine.run(stdout);
  listeners->stop();
  return code;
}

/// Every step from the parsed command line to a configured run; the
/// scenarios and -inf files it needs.
Expected<void> configure_run(SippCommandLine &cl, RunScenarios &scenarios,
                             InjectionFiles &injection) {
  if (!cl.scenario_file.empty() && !cl.scenario_builtin.empty()) {
    return Error{"Internal error, main_scenario already set"};
  }
  if (Expected<void> api = check_api_options(cl); !api) {
    return api;
  }
  if (Expected<void> shard = resolve_shard(cl, std::getenv, epoch_ms_now()); !shard) {
    return shard;
  }
  compiler::FrontendOptions fo = frontend_options(cl);
  Expected<std::vector<CommandPeer>> peers = command_peers_of(cl, fo);
  if (!peers) {
    return peers.error();
  }
  Expected<InjectionFiles> files = load_injection_files(cl, fo);
  if (!files) {
    return files.error();
  }
  injection = std::move(*files);
  Expected<void> step = index_injection_files(cl, injection, fo);
  Expected<RunScenarios> compiled = step ? compile_scenarios(cl, fo) : step.error();
  if (!compiled) {
    return compiled.error();
  }
  scenarios = std::move(*compiled);
  const ir::Scenario &scenario = *scenarios.main.scenario;
  step = prepare_injection_files(injection, scenario, cl.run);
  if (!step) {
    return step;
  }
  fill_run_identity(cl, scenario);
  step = resolve_remote(cl.remote, cl.run);
  if (step) {
    step = resolve_peers(cl, *peers, cl.run);
  }
  if (step) {
    step = shard_ports(cl);
  }
  if (step) {
    choose_local_addresses(cl.run);
    step = check_per_address_transport(cl.run, !injection.empty());
  }
  if (step && cl.run.rtp_echo) {
    // Before any program is built: [media_port] is where the echo binds.
    Expected<runtime::EchoSockets> echo = runtime::bind_echo_sockets(cl.run);
    if (!echo) {
      return echo.error();
    }
    scenarios.echo = *echo;
  }
  return step;
}

} // namespace

int run_sipp(const std::vector<std::string> &args) {
  Expected<SippCommandLine> parsed = parse_sipp_command_line(args);
  if (!parsed) {
    return report(parsed.error());
  }
  SippCommandLine &cl = *parsed;
  if (std::optional<int> answered = informational_run(cl, args.empty())) {
    return *answered;
  }
  RunScenarios scenarios;
  InjectionFiles injection;
  if (Expected<void> configured = configure_run(cl, scenarios, injection); !configured) {
    return report(configured.error());
  }
  fit_open_file_limit(cl);
  return run_engine(cl, scenarios, std::move(injection));
}

} // namespace gossipper::tools
