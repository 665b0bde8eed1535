//===- object_emitter.cpp - Precompiled scenario objects (.gso) -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A .gso is an ELF shared object holding the same code the JIT makes, plus
// two byte arrays: a manifest of "key=value" lines and the scenario's source,
// and ends with a seal (stdlib/object_seal.hpp) over all of it. The runtime's
// loader (runtime/scenario_object.cpp) checks the seal, loads the object with
// dlopen and reads both arrays through the symbols named below.
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/native_code.hpp"

#include "codegen.hpp"

#include "gossipper/stdlib/content_digest.hpp"
#include "gossipper/stdlib/host_machine.hpp"
#include "gossipper/stdlib/object_seal.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
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
  inf.reserve(fields.size());
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

// The module owns the globals made here (the analyzer cannot see it).
// NOLINTBEGIN(clang-analyzer-cplusplus.NewDeleteLeaks)
void add_bytes(llvm::Module &m, const std::string &name, const std::string &bytes) {
  auto &ctx = m.getContext();
  auto *data = llvm::ConstantDataArray::getString(ctx, bytes, /*AddNull=*/false);
  new llvm::GlobalVariable(m, data->getType(), true, llvm::GlobalValue::ExternalLinkage, data,
                           name);
  new llvm::GlobalVariable(m, llvm::Type::getInt64Ty(ctx), true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx), bytes.size()),
                           name + "_size");
}
// NOLINTEND(clang-analyzer-cplusplus.NewDeleteLeaks)

/// Writes the module's machine code to the object file `path`.
Expected<void> emit_object_file(llvm::Module &module, llvm::TargetMachine &machine,
                                const std::string &path) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    return Error{"cannot write '" + path + "': " + ec.message()};
  }
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, out, nullptr, llvm::CGFT_ObjectFile)) {
    return Error{"LLVM cannot emit an object file for this machine"};
  }
  pm.run(module);
  return {};
}

/// Links the object file into the shared object `path` with the system's ld.
Expected<void> link_shared_object(const std::string &object, const std::string &path) {
  auto ld = llvm::sys::findProgramByName("ld");
  if (!ld) {
    return Error{"no linker: 'ld' (Debian package binutils) makes the shared object"};
  }
  std::string message;
  llvm::StringRef args[] = {*ld, "-shared", "-o", path, object};
  int rc = llvm::sys::ExecuteAndWait(*ld, args, std::nullopt, {}, 0, 0, &message);
  if (rc != 0) {
    return Error{"the linker failed" + (message.empty() ? std::string() : ": " + message)};
  }
  return {};
}

/// Appends the seal of everything `path` holds, which the loader checks
/// before it maps a byte.
Expected<void> seal_object_file(const std::string &path) {
  std::stringstream image;
  image << std::ifstream(path, std::ios::binary).rdbuf();
  if (image.view().empty()) {
    return Error{"cannot read '" + path + "' back to seal it"};
  }
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << stdlib::object_seal(image.view());
  out.close();
  if (!out) {
    return Error{"cannot write '" + path + "'"};
  }
  return {};
}

} // namespace

Expected<void> write_scenario_object(const ir::Scenario &scenario,
                                     const ir::TemplateTable &templates, const ObjectInfo &info,
                                     const std::string &path, const KeywordConstants *constants) {
  llvm::LLVMContext context;
  Expected<HostModule> host = host_module(scenario, templates, context, true, constants);
  if (!host) {
    return host.error();
  }
  // Data only, read through dlsym: added after optimization, kept as is.
  add_bytes(*host->module, "gsp_object_manifest", manifest(scenario, templates, info));
  add_bytes(*host->module, "gsp_object_source", info.source);

  std::string object = path + ".o." + std::to_string(::getpid());
  Expected<void> written = emit_object_file(*host->module, *host->machine, object);
  if (written) {
    written = link_shared_object(object, path);
  }
  if (written) {
    written = seal_object_file(path);
  }
  llvm::sys::fs::remove(object);
  return written;
}

} // namespace gossipper::compiler
