// libFuzzer: any bytes as a scenario file, through every front-end stage.
// The front end must report, never crash, hang or leak.
#include "gossipper/compiler/frontend.hpp"
#include "gossipper/ir/printer.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace gossipper;
  compiler::SourceBuffer src("fuzz.xml", std::string(reinterpret_cast<const char *>(data), size));
  ir::DiagnosticEngine diags("fuzz.xml");
  compiler::FrontendOptions opts;
  opts.verify.check_3pcc = (size & 1U) != 0;
  auto result = compiler::compile_source(src, opts, diags);
  if (result.ast) {
    (void)compiler::print_ast(*result.ast);
  }
  if (result.scenario) {
    (void)ir::print_scenario(*result.scenario);
  }
  return 0;
}
