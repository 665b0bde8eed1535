//===- object_emitter.cpp - Precompiled scenario objects (.gso) -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A .gso is an ELF shared object holding the same code the JIT makes, plus
// two byte arrays: a manifest of "key=value" lines and the scenario's source.
// The runtime opens it with dlopen; its loader (runtime/scenario_object.cpp)
// reads both arrays through the symbols named below.
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/native_code.hpp"

#include "codegen.hpp"

#include "gossipper/stdlib/content_digest.hpp"
#include "gossipper/stdlib/host_machine.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>
#include <map>
#include <unistd.h>

namespace gossipper::compiler {

namespace {

std::string join(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &i : items) {
    out += (out.empty() ? "" : ",") + i;
  }
  return out;
}

std::string manifest(const ir::Scenario &s, const ir::TemplateTable &t, const ObjectInfo &info) {
  std::vector<std::string> rtds;
  for (const ir::Rtd &r : s.rtds) {
    rtds.push_back(r.name);
  }
  std::vector<std::string> vars;
  for (const ir::Variable &v : s.variables) {
    vars.push_back(v.name);
  }
  // The highest field each -inf file must have, for a clear refusal of a
  // short file before any call.
  std::map<std::string, uint32_t> fields;
  for (const ir::Template *tmpl : t.templates) {
    for (const ir::Segment &seg : tmpl->segments) {
      if (seg.kind == ir::Segment::Kind::Field) {
        uint32_t &n = fields[seg.file];
        n = std::max(n, seg.field + 1);
      }
    }
  }
  std::vector<std::string> inf;
  for (const auto &[file, n] : fields) {
    inf.push_back((file.empty() ? "-" : file) + ":" + std::to_string(n));
  }
  std::string m = "format=gossipper-scenario-object\n";
  m += "abi=" + std::to_string(GSP_ABI_VERSION) + "\n";
  m += "compiler=" + info.compiler_version + "\n";
  m += "target=" + stdlib::host_machine() + "\n";
  m += "source_hash=" + stdlib::content_digest(info.source) + "\n";
  m += "file=" + info.file + "\n";
  m += "name=" + s.name + "\n";
  m += std::string("mode=") + ir::mode_name(s.mode) + "\n";
  m += "counters=" + join(s.counters) + "\n";
  m += "rtds=" + join(rtds) + "\n";
  m += "variables=" + join(vars) + "\n";
  m += "inf_fields=" + join(inf) + "\n";
  return m;
}

void add_bytes(llvm::Module &m, const std::string &name, const std::string &bytes) {
  auto &ctx = m.getContext();
  auto *data = llvm::ConstantDataArray::getString(ctx, bytes, /*AddNull=*/false);
  new llvm::GlobalVariable(m, data->getType(), true, llvm::GlobalValue::ExternalLinkage, data, name);
  new llvm::GlobalVariable(m, llvm::Type::getInt64Ty(ctx), true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx), bytes.size()),
                           name + "_size");
}

} // namespace

bool write_scenario_object(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                           const ObjectInfo &info, const std::string &path, std::string &error,
                           const KeywordConstants *constants) {
  std::unique_ptr<llvm::TargetMachine> machine = host_target_machine(error);
  if (!machine) {
    return false;
  }
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module =
      verified_module(scenario, templates, context, *machine, true, error, constants);
  if (!module) {
    return false;
  }
  // Data only, read through dlsym: added after optimization, kept as is.
  add_bytes(*module, "gsp_object_manifest", manifest(scenario, templates, info));
  add_bytes(*module, "gsp_object_source", info.source);

  std::string object = path + ".o." + std::to_string(::getpid());
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(object, ec, llvm::sys::fs::OF_None);
    if (ec) {
      error = "cannot write '" + object + "': " + ec.message();
      return false;
    }
    llvm::legacy::PassManager pm;
    if (machine->addPassesToEmitFile(pm, out, nullptr, llvm::CGFT_ObjectFile)) {
      error = "LLVM cannot emit an object file for this machine";
      return false;
    }
    pm.run(*module);
  }
  auto ld = llvm::sys::findProgramByName("ld");
  if (!ld) {
    llvm::sys::fs::remove(object);
    error = "no linker: 'ld' (Debian package binutils) makes the shared object";
    return false;
  }
  std::string message;
  llvm::StringRef args[] = {*ld, "-shared", "-o", path, object};
  int rc = llvm::sys::ExecuteAndWait(*ld, args, std::nullopt, {}, 0, 0, &message);
  llvm::sys::fs::remove(object);
  if (rc != 0) {
    error = "the linker failed" + (message.empty() ? std::string() : ": " + message);
    return false;
  }
  return true;
}

} // namespace gossipper::compiler
