//===- compile_command.cpp - gossipper compile ----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "codegen_loader.hpp"
#include "commands.hpp"
#include "diagnostic_output.hpp"

#include "gossipper/compiler/frontend.hpp"
#include "gossipper/ir/printer.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <fstream>
#include <optional>

namespace gossipper::tools {

namespace {

/// The scenario to compile: the file, or the built-in --sn names.
std::optional<compiler::SourceBuffer> read_source(const CompileOptions &opts,
                                                  ir::DiagnosticEngine &diags) {
  if (opts.builtin.empty()) {
    return compiler::SourceBuffer::read_file(opts.file, diags);
  }
  const scenarios::BuiltinScenario *b = scenarios::find_builtin(opts.builtin);
  if (b == nullptr) {
    diags.error({}, unknown_builtin(opts.builtin));
    return std::nullopt;
  }
  return compiler::SourceBuffer(diags.file(), std::string(b->xml));
}

} // namespace

int run_compile(const CompileOptions &opts, std::ostream &out, std::ostream &err) {
  bool object = !opts.emit_ir && !opts.emit_ast && !opts.emit_llvm;
  if (object && !opts.output.ends_with(".gso")) {
    err << "gossipper compile: say what to make: -o FILE.gso (a precompiled scenario), or print "
           "--emit-ir, --emit-ast or --emit-llvm\n";
    return 2;
  }
  if (opts.file.empty() == opts.builtin.empty()) {
    err << "gossipper compile: name one scenario: a FILE, or --sn NAME for a built-in one\n";
    return 2;
  }
  compiler::FrontendOptions fo;
  if (!make_frontend_options(opts.context, fo, err)) {
    return 1;
  }
  ir::DiagnosticEngine diags(opts.builtin.empty() ? opts.file : "<built-in " + opts.builtin + ">");
  std::optional<compiler::SourceBuffer> src = read_source(opts, diags);
  compiler::FrontendResult result;
  if (src) {
    result = compiler::compile_source(*src, fo, diags);
  }
  write_text(err, diags);
  if (!src || diags.has_errors()) {
    return 1;
  }
  if (object) {
    // A built-in names no file: its media files are then looked for where
    // SIPp installs its pcaps, as for sipp -sn.
    compiler::ObjectInfo info{src->bytes(), opts.builtin.empty() ? opts.file : "",
                              version_string()};
    auto codegen = codegen_plugin();
    Expected<void> written =
        codegen ? (*codegen)->write_object(*result.scenario, ir::number_templates(*result.scenario),
                                           info, opts.output, nullptr)
                : codegen.error();
    if (!written) {
      err << "gossipper compile: " << written.error().message << '\n';
      return 1;
    }
    return 0;
  }
  std::string text;
  if (opts.emit_ast && result.ast) {
    text += compiler::print_ast(*result.ast);
  }
  if (opts.emit_ir && result.scenario) {
    text += ir::print_scenario(*result.scenario, {opts.locations});
  }
  if (opts.emit_llvm && result.scenario) {
    auto codegen = codegen_plugin();
    if (!codegen) {
      err << "gossipper compile: " << codegen.error().message << '\n';
      return 1;
    }
    text += (*codegen)->emit_llvm(*result.scenario, ir::number_templates(*result.scenario), true);
  }
  if (opts.output.empty() || opts.output == "-") {
    out << text;
    return 0;
  }
  std::ofstream file(opts.output, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    err << "gossipper compile: cannot write '" << opts.output << "'\n";
    return 1;
  }
  return 0;
}

} // namespace gossipper::tools
