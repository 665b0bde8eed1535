//===- api_hookup.cpp - gossipper sipp's HTTP listeners -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api_hookup.hpp"

#include "commands.hpp"
#include "panel_files.hpp"
#include "report_command.hpp"
#include "scenario_program.hpp"

#include "gossipper/compiler/frontend.hpp"
#include "gossipper/runtime/run_constants.hpp"
#include "gossipper/runtime/runtime_support.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>
#include <variant>

namespace gossipper::tools {
namespace {

/// The scenario as it was given: the -sf file, else the built-in's text.
std::string scenario_source(const SippCommandLine &cl) {
  if (!cl.scenario_file.empty()) {
    std::ifstream in(cl.scenario_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  const scenarios::BuiltinScenario *b =
      scenarios::find_builtin(cl.scenario_builtin.empty() ? "uac" : cl.scenario_builtin);
  return b == nullptr ? std::string() : std::string(b->xml);
}

/// An uploaded scenario may run commands on this machine only when the
/// run's owner said so.
void refuse_exec(const ir::Scenario &s, ir::DiagnosticEngine &diags) {
  for (const auto *states : {&s.states, &s.init_states}) {
    for (const ir::State &st : *states) {
      for (const ir::Action &a : st.actions) {
        if (std::holds_alternative<ir::ExecCommandAction>(a.body)) {
          diags.error(a.loc, "<exec command> in a scenario uploaded through the API: the run "
                             "was not started with -api_allow_exec");
        }
      }
    }
  }
}

/// The compiler's front end and the runtime's checks over an uploaded
/// text; the IR when it has no error.
std::optional<ir::Scenario> compile_text(const SippCommandLine &cl, const std::string &xml,
                                         bool allow_exec, ir::DiagnosticEngine &diags) {
  compiler::SourceBuffer src(diags.file(), xml);
  compiler::FrontendOptions fo;
  for (const auto &[k, v] : cl.run.keys) {
    fo.lowering.custom_keys.insert(k);
  }
  compiler::FrontendResult fr = compiler::compile_source(src, fo, diags);
  if (fr.scenario && !diags.has_errors()) {
    runtime::check_runtime_support(*fr.scenario, diags, {});
    if (!allow_exec) {
      refuse_exec(*fr.scenario, diags);
    }
  }
  if (diags.has_errors()) {
    return std::nullopt;
  }
  return std::move(fr.scenario);
}

/// An applied scenario's IR, templates and code, kept together for as long
/// as the run (the program refers to the other two).
struct AppliedScenario {
  explicit AppliedScenario(ir::Scenario s)
      : scenario(std::move(s)), templates(ir::number_templates(scenario)),
        program(scenario, templates) {}
  ir::Scenario scenario;
  ir::TemplateTable templates;
  ScenarioProgram program;
};

/// POST /scenario/apply's compiler: the run's -engine, its cache and its
/// constant keywords, as the scenario it started with.
std::optional<runtime::ScenarioReplacement> compile_for_run(const SippCommandLine &cl,
                                                            const std::string &xml, bool allow_exec,
                                                            std::vector<ir::Diagnostic> &out) {
  ir::DiagnosticEngine diags("<uploaded>");
  std::optional<ir::Scenario> scenario = compile_text(cl, xml, allow_exec, diags);
  std::shared_ptr<AppliedScenario> applied;
  if (scenario) {
    applied = std::make_shared<AppliedScenario>(std::move(*scenario));
    if (!applied->program.load(cl.engine, nullptr, cl.use_cache,
                               runtime::run_constants_of(cl.run, applied->templates))) {
      diags.error(ir::SourceLoc{}, "its code could not be built (-engine " + cl.engine + ")");
      applied.reset();
    }
  }
  out = diags.sorted();
  if (!applied) {
    return std::nullopt;
  }
  runtime::ScenarioReplacement r;
  r.scenario = &applied->scenario;
  r.templates = &applied->templates;
  r.program = applied->program.program();
  r.owner = std::move(applied);
  return r;
}

} // namespace

std::vector<ir::Diagnostic> check_scenario_text(const SippCommandLine &cl, const std::string &xml,
                                                bool allow_exec, const std::string &name) {
  ir::DiagnosticEngine diags(name);
  (void)compile_text(cl, xml, allow_exec, diags);
  return diags.sorted();
}

Expected<void> check_api_options(SippCommandLine &cl) {
  auto refuse = [](const std::string &message) { return Error{message + kSeeHelp}; };
  bool listener = !cl.api_addr.empty() || !cl.metrics_addr.empty();
  bool secured = !cl.api.token.empty() || !cl.api.tls_cert.empty() || !cl.api.tls_key.empty();
  bool api_only = !cl.api_port_file.empty() || cl.api.allow_exec;
  if ((secured && !listener) || (api_only && cl.api_addr.empty())) {
    return refuse("-api_token and -api_tls_* need -api_addr or -metrics_addr; -api_port_file and "
                  "-api_allow_exec need -api_addr");
  }
  if (cl.api.tls_cert.empty() != cl.api.tls_key.empty()) {
    return refuse("-api_tls_cert and -api_tls_key go together");
  }
  if (cl.api.live_interval_ms < 50 || cl.api.live_interval_ms > 60000) {
    return refuse("-api_live_interval: between 50 and 60000 ms");
  }
  if (!cl.api_addr.empty()) {
    if (Expected<void> parsed = runtime::parse_api_address(cl.api_addr, cl.api); !parsed) {
      return refuse(parsed.error().message);
    }
  }
  if (!cl.metrics_addr.empty()) {
    // The API's token and TLS: one secret per run.
    cl.metrics = cl.api;
    cl.metrics.address_option = "-metrics_addr";
    if (Expected<void> parsed = runtime::parse_api_address(cl.metrics_addr, cl.metrics); !parsed) {
      return refuse(parsed.error().message);
    }
  }
  return {};
}

namespace {

/// What the API's routes and /metrics know of the run.
runtime::ApiSources run_sources(const SippCommandLine &cl, const ir::Scenario &scenario,
                                runtime::Engine &engine) {
  runtime::ApiSources sources;
  sources.version = version_string();
  sources.config = &cl.run;
  sources.scenario = &scenario;
  sources.scenario_name = cl.run.scenario_name;
  sources.scenario_file = cl.scenario_file;
  sources.local_port = engine.local_port();
  sources.stat_file = engine.stat_file();
  return sources;
}

Expected<std::unique_ptr<runtime::ApiServer>>
start_api(const SippCommandLine &cl, runtime::ApiSources sources, runtime::Engine &engine) {
  runtime::ApiOptions options = cl.api;
  options.log_file = cl.run.scenario_name + "_" + std::to_string(::getpid()) + "_api.log";
  sources.scenario_source = scenario_source(cl);
  sources.check = [&cl](const std::string &xml, bool allow_exec) {
    return check_scenario_text(cl, xml, allow_exec, "<uploaded>");
  };
  sources.compile = [&cl](const std::string &xml, bool allow_exec,
                          std::vector<ir::Diagnostic> &diags) {
    return compile_for_run(cl, xml, allow_exec, diags);
  };
  sources.files = panel_files();
  sources.report_page = [](const std::string &summary) { return report_page(summary); };
  Expected<std::unique_ptr<runtime::ApiServer>> server =
      runtime::ApiServer::start(options, std::move(sources), engine.control());
  if (server && !cl.api_port_file.empty()) {
    // gossipper server reads where its child's API listens from here.
    std::string tmp = cl.api_port_file + ".tmp";
    std::ofstream(tmp) << (*server)->port() << '\n';
    std::rename(tmp.c_str(), cl.api_port_file.c_str());
  }
  return server;
}

} // namespace

void RunListeners::stop() {
  for (auto *server : {&api, &metrics}) {
    if (*server) {
      (*server)->stop();
    }
  }
}

Expected<RunListeners> start_listeners(const SippCommandLine &cl, const ir::Scenario &scenario,
                                       runtime::Engine &engine) {
  RunListeners out;
  if (cl.api_addr.empty() && cl.metrics_addr.empty()) {
    return out;
  }
  runtime::ApiSources sources = run_sources(cl, scenario, engine);
  sources.scrapes = std::make_shared<runtime::ScrapeCounts>();
  sources.scrapes->listener = !cl.metrics_addr.empty();
  engine.count_scrapes(sources.scrapes);
  if (!cl.metrics_addr.empty()) {
    Expected<std::unique_ptr<runtime::ApiServer>> metrics =
        runtime::ApiServer::start_metrics(cl.metrics, sources, engine.control());
    if (!metrics) {
      return metrics.error();
    }
    out.metrics = std::move(*metrics);
  }
  if (!cl.api_addr.empty()) {
    Expected<std::unique_ptr<runtime::ApiServer>> api = start_api(cl, std::move(sources), engine);
    if (!api) {
      out.stop();
      return api.error();
    }
    out.api = std::move(*api);
  }
  return out;
}

} // namespace gossipper::tools
