// Google Benchmark: JIT compilation (codegen, O2, machine code) of each
// built-in scenario, cold: every iteration starts from the verified IR.
#include "gossipper/compiler/frontend.hpp"
#include "gossipper/compiler/native_code.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <benchmark/benchmark.h>

namespace {

void jit(benchmark::State &state, std::string_view name) {
  std::string xml(gossipper::scenarios::find_builtin(name)->xml);
  gossipper::compiler::SourceBuffer src("bench.xml", xml);
  gossipper::ir::DiagnosticEngine diags("bench.xml");
  auto r = gossipper::compiler::compile_source(src, {}, diags);
  if (diags.has_errors() || !r.scenario) {
    state.SkipWithError("scenario does not compile");
    return;
  }
  gossipper::ir::TemplateTable table = gossipper::ir::number_templates(*r.scenario);
  for (auto _ : state) {
    std::string error;
    auto program = gossipper::compiler::JitProgram::compile(*r.scenario, table, error);
    if (!program) {
      state.SkipWithError(error.c_str());
      return;
    }
    benchmark::DoNotOptimize(program->program());
  }
}

} // namespace

int main(int argc, char **argv) {
  for (const auto &b : gossipper::scenarios::builtin_scenarios()) {
    std::string_view name = b.name;
    benchmark::RegisterBenchmark(("BM_Jit/" + std::string(name)).c_str(),
                                 [name](benchmark::State &s) { jit(s, name); })
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
