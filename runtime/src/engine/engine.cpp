//===- engine.cpp - A SIPp-compatible test run ----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/engine.hpp"

#include "engine/run.hpp"
#include "trace/trace_files.hpp"

namespace gossipper::runtime {

Engine::Engine(const RunConfig &cfg, const ir::Scenario &scenario,
               const ir::TemplateTable &templates, const gsp_program *program)
    : run_(std::make_unique<Run>(cfg, scenario, templates, program)) {}

Engine::~Engine() = default;

void Engine::set_injection_files(
    std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>> files) {
  run_->set_injection_files(std::move(files));
}

void Engine::set_media(std::shared_ptr<const MediaFiles> files, EchoSockets echo) {
  run_->set_media(std::move(files), echo);
}

void Engine::set_tdm_map(TdmMap map) { run_->set_tdm_map(std::move(map)); }

void Engine::set_out_of_call(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                             const gsp_program *program) {
  run_->set_out_of_call(scenario, templates, program);
}

void Engine::count_scrapes(std::shared_ptr<const ScrapeCounts> counts) {
  run_->count_scrapes(std::move(counts));
}

Expected<void> Engine::open() { return run_->open(); }

int Engine::run(std::FILE *out) { return run_->run(out); }

uint16_t Engine::local_port() const { return run_->local_port(); }

std::string Engine::stat_file() const {
  const RunConfig &cfg = run_->config();
  return cfg.trace_stat ? trace_file_name(cfg, cfg.stat_file, "_.csv") : std::string();
}

RunControl &Engine::control() { return *run_; }

} // namespace gossipper::runtime
