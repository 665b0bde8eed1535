// Google Benchmark: JIT compilation (codegen, O2, machine code) of each
// built-in scenario, cold: every iteration starts from the verified IR; and
// a start from the compile cache: printing the IR (the cache key) and loading
// the cached object.
#include "gossipper/compiler/frontend.hpp"
#include "gossipper/compiler/native_code.hpp"
#include "gossipper/ir/printer.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/scenario_object.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>

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
    auto program = gossipper::compiler::JitProgram::compile(*r.scenario, table);
    if (!program) {
      state.SkipWithError(program.error().message.c_str());
      return;
    }
    benchmark::DoNotOptimize((*program)->program());
  }
}

void from_cache(benchmark::State &state, std::string_view name) {
  std::string xml(gossipper::scenarios::find_builtin(name)->xml);
  gossipper::compiler::SourceBuffer src("bench.xml", xml);
  gossipper::ir::DiagnosticEngine diags("bench.xml");
  auto r = gossipper::compiler::compile_source(src, {}, diags);
  gossipper::ir::TemplateTable table = gossipper::ir::number_templates(*r.scenario);
  std::string key = gossipper::ir::print_scenario(*r.scenario, {false});
  std::string path = "/tmp/jit_bench_" + std::string(name) + ".gso";
  gossipper::Expected<void> written = gossipper::compiler::write_scenario_object(
      *r.scenario, table, {key, "bench.xml", "bench"}, path);
  if (!written) {
    state.SkipWithError(written.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    std::string printed = gossipper::ir::print_scenario(*r.scenario, {false});
    auto object = gossipper::runtime::ScenarioObject::open(path);
    if (!object || (*object)->source() != printed) {
      state.SkipWithError("cannot load the cached object");
      return;
    }
    benchmark::DoNotOptimize((*object)->program());
  }
  std::remove(path.c_str());
}

} // namespace

int main(int argc, char **argv) {
  for (const auto &b : gossipper::scenarios::builtin_scenarios()) {
    std::string_view name = b.name;
    benchmark::RegisterBenchmark(("BM_Jit/" + std::string(name)).c_str(), [name](
                                                                              benchmark::State &s) {
      jit(s, name);
    })->Unit(benchmark::kMillisecond);
  }
  for (std::string_view name : {"uac", "uas"}) {
    benchmark::RegisterBenchmark(("BM_FromCache/" + std::string(name)).c_str(),
                                 [name](benchmark::State &s) { from_cache(s, name); })
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
