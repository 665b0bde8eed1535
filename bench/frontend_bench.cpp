// Google Benchmark: the front end (XML -> AST -> IR -> verified) on the
// built-in uac and on a generated 5,000-command scenario.
#include "gossipper/compiler/frontend.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <benchmark/benchmark.h>

namespace {

std::string big_scenario(int commands) {
  std::string xml = "<?xml version=\"1.0\"?>\n<scenario name=\"big\">\n";
  for (int i = 0; i < commands / 2; ++i) {
    xml += "  <send retrans=\"500\"><![CDATA[\n"
           "    OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n"
           "    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
           "    From: <sip:a@[local_ip]>;tag=[pid]x[call_number]\n"
           "    To: <sip:b@[remote_ip]>\n"
           "    Call-ID: [call_id]\n"
           "    CSeq: [cseq] OPTIONS\n"
           "    Content-Length: 0\n"
           "  ]]></send>\n"
           "  <recv response=\"200\"/>\n";
  }
  return xml + "</scenario>\n";
}

void compile(benchmark::State &state, const std::string &xml) {
  for (auto _ : state) {
    gossipper::compiler::SourceBuffer src("bench.xml", xml);
    gossipper::ir::DiagnosticEngine diags("bench.xml");
    auto r = gossipper::compiler::compile_source(src, {}, diags);
    benchmark::DoNotOptimize(r);
    if (diags.has_errors()) {
      state.SkipWithError("scenario does not compile");
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * xml.size()));
}

void BM_CheckBuiltinUac(benchmark::State &state) {
  compile(state, std::string(gossipper::scenarios::find_builtin("uac")->xml));
}
BENCHMARK(BM_CheckBuiltinUac)->Unit(benchmark::kMicrosecond);

void BM_Check5000Commands(benchmark::State &state) {
  static const std::string xml = big_scenario(5000);
  compile(state, xml);
}
BENCHMARK(BM_Check5000Commands)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
