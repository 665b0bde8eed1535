//===- check_command.cpp - gossipper check --------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "commands.hpp"
#include "diagnostic_output.hpp"

#include "gossipper/compiler/frontend.hpp"

namespace gossipper::tools {

int run_check(const CheckOptions &opts, std::ostream &out, std::ostream &err) {
  compiler::FrontendOptions fo;
  if (!make_frontend_options(opts.context, fo, err)) {
    return 1;
  }
  std::vector<ir::DiagnosticEngine> results;
  bool failed = false;
  for (const std::string &file : opts.files) {
    ir::DiagnosticEngine diags(file);
    (void)compiler::compile_file(file, fo, diags);
    failed = failed || diags.has_errors() ||
             (opts.warnings_as_errors && diags.warning_count() > 0);
    if (!opts.json) {
      write_text(err, diags);
    }
    results.push_back(std::move(diags));
  }
  if (opts.json) {
    write_json(out, results);
  }
  return failed ? 1 : 0;
}

} // namespace gossipper::tools
