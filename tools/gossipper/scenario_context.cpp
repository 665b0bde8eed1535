//===- scenario_context.cpp - What the command line tells the compiler ----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "scenario_context.hpp"

#include "gossipper/stdlib/injection_file.hpp"

#include "command_peers.hpp"

#include <fstream>

namespace gossipper::tools {

bool make_frontend_options(const ScenarioContextOptions &ctx, compiler::FrontendOptions &out,
                           std::ostream &err) {
  for (size_t i = 0; i + 1 < ctx.keys.size(); i += 2) {
    out.lowering.custom_keys.insert(ctx.keys[i]);
  }
  if (!ctx.injection_files.empty()) {
    out.verify.check_injection = true;
    out.verify.default_injection_file = stdlib::InjectionFile::name_of(ctx.injection_files.front());
    for (size_t i = 0; i + 1 < ctx.injection_indexes.size(); i += 2) {
      out.verify.indexed_injection_files.insert(ctx.injection_indexes[i]);
    }
    for (const std::string &path : ctx.injection_files) {
      stdlib::InjectionFile file;
      if (Expected<void> loaded = file.load(path); !loaded) {
        err << "gossipper: " << loaded.error().message << '\n';
        return false;
      }
      out.verify.injection_fields[stdlib::InjectionFile::name_of(path)] = file.field_count();
    }
  }
  if (!ctx.twin_3pcc.empty()) {
    out.verify.check_3pcc = true;
    out.verify.twin_3pcc = true;
  }
  if (!ctx.master.empty() || !ctx.slave.empty()) {
    out.verify.check_3pcc = true;
    out.verify.extended_3pcc = true;
    if (ctx.slave_cfg.empty()) {
      err << "gossipper: -master and -slave need -slave_cfg FILE\n";
      return false;
    }
  }
  if (!ctx.slave_cfg.empty()) {
    Expected<std::vector<CommandPeer>> peers = read_command_peers(ctx.slave_cfg);
    if (!peers) {
      err << "gossipper: " << peers.error().message << '\n';
      return false;
    }
    for (const CommandPeer &p : *peers) {
      out.verify.peers.insert(p.name);
    }
  }
  return true;
}

} // namespace gossipper::tools
