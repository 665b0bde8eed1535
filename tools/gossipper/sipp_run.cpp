//===- sipp_run.cpp - gossipper sipp: load, check, run ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What SIPp does between its command line and its first call: load the
// scenario (refusing it, with located errors, before any traffic), resolve
// the peer, choose the local address, open the sockets; then run.
//
//===----------------------------------------------------------------------===//
#include "command_peers.hpp"
#include "commands.hpp"
#include "diagnostic_output.hpp"
#include "scenario_program.hpp"
#include "sipp_options.hpp"

#include "gossipper/compiler/frontend.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/address.hpp"
#include "gossipper/runtime/engine.hpp"
#include "gossipper/runtime/interpreter.hpp"
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
#include <iostream>
#include <thread>
#include <unistd.h>

namespace gossipper::tools {
namespace {

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

/// A .gso from `gossipper compile`, checked to fit this build and machine;
/// null (the reason on stderr) otherwise.
std::unique_ptr<runtime::ScenarioObject> open_precompiled(const std::string &path) {
  std::string error;
  std::unique_ptr<runtime::ScenarioObject> object = runtime::ScenarioObject::open(path, error);
  if (object && object->get("compiler") != version_string()) {
    error = "'" + path + "' was compiled by " + object->get("compiler") + "; this is " +
            version_string() + ": compile it again";
    object.reset();
  } else if (object && object->get("target") != stdlib::host_machine()) {
    error = "'" + path + "' was compiled for " + object->get("target") + "; this machine is " +
            stdlib::host_machine() + ": compile it again here";
    object.reset();
  } else if (object && object->get("source_hash") != stdlib::content_digest(object->source())) {
    error = "'" + path + "' is damaged: its source does not match its manifest";
    object.reset();
  }
  if (!object) {
    std::cerr << "gossipper: " << error << '\n';
  }
  return object;
}

/// A scenario (file, else built-in NAME) compiled and checked for this run:
/// the diagnostics go to stderr; no scenario when it has errors.
compiler::FrontendResult compile_for_run(const std::string &file, const std::string &builtin,
                                         const compiler::FrontendOptions &fo,
                                         runtime::RunFeatures features,
                                         const runtime::ScenarioObject *object = nullptr) {
  std::optional<compiler::SourceBuffer> src;
  ir::DiagnosticEngine diags;
  if (object != nullptr) {
    // A precompiled scenario: its code runs, and the IR around it comes from
    // the source it embeds (the runtime drives the states from the IR).
    diags = ir::DiagnosticEngine(object->get("file"));
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

} // namespace

int run_sipp(const std::vector<std::string> &args) {
  Expected<SippCommandLine> parsed = parse_sipp_command_line(args);
  if (!parsed) {
    std::cerr << parsed.error().message << '\n';
    return parsed.error().exit_code;
  }
  SippCommandLine &cl = *parsed;
  if (cl.help || args.empty()) {
    std::cout << sipp_help_text();
    return runtime::kExitInfo;
  }
  if (cl.version) {
    return run_sipp_version(std::cout);
  }
  if (!cl.dump.empty()) {
    return run_sipp_dump(cl.dump, std::cout, std::cerr);
  }
  if (!cl.scenario_file.empty() && !cl.scenario_builtin.empty()) {
    std::cerr << "Internal error, main_scenario already set\n";
    return 1;
  }

  // The scenario: compiled and checked against this command line before any
  // traffic, as `gossipper check` would.
  compiler::FrontendOptions fo;
  for (const auto &[k, v] : cl.run.keys) {
    fo.lowering.custom_keys.insert(k);
  }
  fo.verify.check_3pcc = true;
  fo.verify.twin_3pcc = !cl.twin_3pcc.empty();
  std::vector<CommandPeer> command_peers;
  if (!cl.command_name.empty() || !cl.command_peers.empty()) {
    if (cl.command_name.empty() || cl.command_peers.empty()) {
      std::cerr << "Extended 3PCC needs both a name (-master, -slave or -cmd_name) and a peers "
                   "file (-slave_cfg or -cmd_peers)\n";
      return 1;
    }
    Expected<std::vector<CommandPeer>> peers = read_command_peers(cl.command_peers);
    if (!peers) {
      std::cerr << peers.error().message << '\n';
      return 1;
    }
    command_peers = std::move(*peers);
    fo.verify.extended_3pcc = true;
    for (const CommandPeer &p : command_peers) {
      fo.verify.peers.insert(p.name);
    }
    if (fo.verify.peers.count(cl.command_name) == 0) {
      std::cerr << "get_peer_addr: Peer " << cl.command_name << " not found in " << cl.command_peers
                << '\n';
      return 1;
    }
  }
  fo.verify.check_injection = true;
  runtime::EngineContext files_ctx;
  std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>> injection;
  for (const std::string &path : cl.injection_files) {
    auto f = std::make_shared<stdlib::InjectionFile>();
    std::string err;
    if (!f->load(path, err)) {
      std::cerr << err << '\n';
      return 1;
    }
    std::string name = stdlib::InjectionFile::name_of(path);
    if (fo.verify.default_injection_file.empty()) {
      fo.verify.default_injection_file = name;
    }
    fo.verify.injection_fields[name] = f->field_count();
    injection.emplace_back(name, f);
  }
  for (const auto &index : cl.injection_indexes) {
    const std::string &name = index.first; // a lambda cannot capture a structured binding (C++20)
    unsigned field = index.second;
    auto it = std::find_if(injection.begin(), injection.end(),
                           [&](const auto &file) { return file.first == name; });
    if (it == injection.end()) {
      std::cerr << "Could not find file for -infindex: " << name
                << " (give it with -inf first; files are named by their last path component)\n";
      return 1;
    }
    it->second->build_index(field);
    fo.verify.indexed_injection_files.insert(name);
  }
  std::unique_ptr<runtime::ScenarioObject> object;
  if (!cl.scenario_file.empty() && runtime::ScenarioObject::looks_like_object(cl.scenario_file)) {
    object = open_precompiled(cl.scenario_file);
    if (!object) {
      return 1;
    }
  }
  std::optional<runtime::TdmMap> tdm_map;
  if (!cl.run.tdm_map.empty()) {
    tdm_map = runtime::TdmMap::parse(cl.run.tdm_map);
    if (!tdm_map) {
      std::cerr << "Parameter -tdmmap must be of form {%d-%d}{%d}{%d-%d}{%d-%d}\n";
      return runtime::kExitFatal;
    }
  }
  runtime::RunFeatures features;
  features.tdm_map = tdm_map.has_value();
  compiler::FrontendResult fr =
      compile_for_run(cl.scenario_file, cl.scenario_builtin.empty() ? "uac" : cl.scenario_builtin,
                      fo, features, object.get());
  if (!fr.scenario) {
    return 1;
  }
  const ir::Scenario &scenario = *fr.scenario;
  compiler::FrontendResult ooc;
  if (!cl.ooc_file.empty() || !cl.ooc_builtin.empty()) {
    if (scenario.mode == ir::Mode::Server) {
      std::cerr << "SIPp cannot use out-of-call scenarios when running in server mode\n";
      return 1;
    }
    ooc = compile_for_run(cl.ooc_file, cl.ooc_builtin, fo, features);
    if (!ooc.scenario) {
      return 1;
    }
  }

  if (changes_injection_files(scenario)) {
    for (auto &file : injection) {
      file.second->make_writable();
    }
  }
  for (const auto &[name, file] : injection) {
    // SIPp stops mid-run when a user has no line; say so before any traffic.
    if (file->order() == stdlib::InjectionFile::Order::User && cl.run.users > file->line_count()) {
      std::cerr << name << " has only " << file->line_count() << " lines, yet -users asks for "
                << cl.run.users << " (a USER injection file needs a line per user)\n";
      return 1;
    }
  }

  runtime::RunConfig &cfg = cl.run;
  cfg.scenario_name = scenario_name_of(cl);
  cfg.server_mode = scenario.mode == ir::Mode::Server;
  cfg.pid = static_cast<uint32_t>(::getpid());
  cfg.version = version_string();
  if (!cl.threads_given) {
    cfg.threads = std::max(1U, std::thread::hardware_concurrency());
  }
  if (!cl.remote.empty()) {
    auto [host, port] = runtime::split_host_port(cl.remote);
    std::cerr << "Resolving remote host '" << host << "'... ";
    Expected<std::string> ip = runtime::resolve(host);
    if (!ip) {
      std::cerr << "\nUnknown remote host '" << host << "'.\nUse 'gossipper sipp -h' for details\n";
      return runtime::kExitFatal;
    }
    std::cerr << "Done.\n";
    cfg.remote_ip = *ip;
    cfg.remote_host = host;
    cfg.remote_port = port == 0 ? 5060 : port;
    cfg.have_remote = true;
  } else if (!cfg.server_mode) {
    std::cerr << "Missing remote host parameter. This scenario requires it\n";
    return runtime::kExitFatal;
  }
  if (!cl.twin_3pcc.empty()) {
    auto [host, port] = runtime::split_host_port(cl.twin_3pcc);
    Expected<std::string> ip = port == 0 ? Error{} : runtime::resolve(host);
    if (!ip) {
      std::cerr << "Unknown twin host '" << cl.twin_3pcc
                << "' (-3pcc needs HOST:PORT).\nUse 'gossipper sipp -h' for details\n";
      return runtime::kExitFatal;
    }
    cfg.twin_host = *ip;
    cfg.twin_port = port;
  }
  cfg.command_name = cl.command_name;
  for (const CommandPeer &p : command_peers) {
    auto [host, port] = runtime::split_host_port(p.address);
    Expected<std::string> ip = port == 0 ? Error{} : runtime::resolve(host);
    if (!ip) {
      std::cerr << "Unknown address '" << p.address << "' of 3PCC peer " << p.name << '\n';
      return runtime::kExitFatal;
    }
    cfg.command_peers.push_back({p.name, *ip, port});
  }
  if (cfg.rsa_host) {
    Expected<std::string> ip = runtime::resolve(*cfg.rsa_host);
    if (!ip) {
      std::cerr << "Unknown remote host '" << *cfg.rsa_host << "'.\n";
      return 1;
    }
    cfg.rsa_host = *ip;
  }
  if (cfg.local_ip.empty()) {
    Expected<std::string> toward =
        cfg.have_remote ? runtime::local_ip_toward(cfg.remote_ip, cfg.remote_port) : Error{};
    if (toward && !toward->empty()) {
      cfg.local_ip = *toward;
    } else {
      char name[256] = {};
      Expected<std::string> own = ::gethostname(name, sizeof name) == 0
                                      ? runtime::resolve(name)
                                      : Expected<std::string>(Error{});
      cfg.local_ip = own ? *own : "127.0.0.1";
    }
  }
  if (cfg.media_ip.empty()) {
    cfg.media_ip = cfg.local_ip;
  }
  if (cfg.tls.sni.empty()) {
    cfg.tls.sni = runtime::default_server_name(cfg.remote_host);
  }
  if (cfg.transport == runtime::TransportMode::UdpPerIp) {
    // SIPp's ui: each client call sends from the address its line of the
    // first -inf file holds in column -ip_field.
    if (injection.empty()) {
      std::cerr << "-t ui needs an -inf file whose column -ip_field holds the source "
                   "addresses\nUse 'gossipper sipp -h' for details\n";
      return runtime::kExitFatal;
    }
    cfg.ip_field = std::max(cfg.ip_field, 0);
  }
  if (cfg.auth_user.empty()) {
    cfg.auth_user = cfg.service;
  }

  if (!cfg.skip_rlimit) {
    // A multi-socket run holds a descriptor per open call (up to -max_socket).
    uint64_t limit = runtime::raise_open_file_limit();
    uint64_t room = limit > runtime::kReservedFiles ? limit - runtime::kReservedFiles : 1;
    if (runtime::is_multisocket(cfg.transport) && cfg.max_socket > room) {
      if (cl.max_socket_given) {
        std::cerr << "Warning: maximum number of open sockets (" << cfg.max_socket
                  << ") does not fit under the maximum number of open files (" << limit
                  << "): using " << room
                  << ". Tune this with the `ulimit` command or the -max_socket option\n";
      }
      cfg.max_socket = static_cast<uint32_t>(room);
    }
  }
  ir::TemplateTable templates = ir::number_templates(scenario);
  ScenarioProgram program(scenario, templates);
  if (!program.load(cl.engine, object.get(), cl.use_cache,
                    runtime::run_constants_of(cfg, templates))) {
    return runtime::kExitFatal;
  }
  runtime::Engine engine(cfg, scenario, templates, program.program());
  engine.set_injection_files(std::move(injection));
  if (tdm_map) {
    engine.set_tdm_map(std::move(*tdm_map));
  }
  std::optional<ir::TemplateTable> ooc_templates;
  std::optional<ScenarioProgram> ooc_program;
  if (ooc.scenario) {
    ooc_templates = ir::number_templates(*ooc.scenario);
    ooc_program.emplace(*ooc.scenario, *ooc_templates);
    if (!ooc_program->load(cl.engine, nullptr, cl.use_cache,
                           runtime::run_constants_of(cfg, *ooc_templates))) {
      return runtime::kExitFatal;
    }
    engine.set_out_of_call(*ooc.scenario, *ooc_templates, ooc_program->program());
  }
  std::string error;
  int exit_code = 1;
  if (!engine.open(error, exit_code)) {
    std::cerr << error << '\n';
    return exit_code;
  }
  if (cl.background) {
    pid_t child = ::fork();
    if (child > 0) {
      std::cout << "Background mode - PID=[" << child << "]\n";
      return runtime::kExitInfo;
    }
    if (child == 0) {
      ::setsid();
      std::freopen("/dev/null", "r", stdin);
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
    }
  }
  if (cl.sleep_ms != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(cl.sleep_ms));
  }
  return engine.run(stdout);
}

} // namespace gossipper::tools
