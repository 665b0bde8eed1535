//===- frontend.cpp - Scenario file to verified IR ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/frontend.hpp"

#include "gossipper/compiler/xml_document.hpp"

namespace gossipper::compiler {

FrontendResult compile_source(const SourceBuffer &src, const FrontendOptions &opts,
                              ir::DiagnosticEngine &diags) {
  FrontendResult result;
  auto doc = parse_xml(src, diags);
  if (!doc) {
    return result;
  }
  result.ast = build_ast(*doc, src, diags);
  if (!result.ast) {
    return result;
  }
  size_t errors_before_lowering = diags.error_count();
  result.scenario = lower(*result.ast, src, opts.lowering, diags);
  ir::VerifyContext ctx = opts.verify;
  ctx.after_errors = ctx.after_errors || errors_before_lowering > 0 ||
                     diags.error_count() > errors_before_lowering;
  ir::verify(*result.scenario, ctx, diags);
  return result;
}

FrontendResult compile_file(const std::string &path, const FrontendOptions &opts,
                            ir::DiagnosticEngine &diags) {
  auto src = SourceBuffer::read_file(path, diags);
  if (!src) {
    return {};
  }
  return compile_source(*src, opts, diags);
}

} // namespace gossipper::compiler
