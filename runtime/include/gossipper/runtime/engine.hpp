//===- engine.hpp - A SIPp-compatible test run -----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What tools/ sees of the runtime: a run of a compiled scenario (and
// optionally -oocsf's out-of-call one) with SIPp's options. open() does all
// that can fail before any traffic (files, sockets, 3PCC links); run() plays
// the test on its worker threads, watches it from the calling thread, and
// returns SIPp's exit code. control() is the run's RunControl, for whatever
// drives it besides SIPp's keyboard and -cp socket. The parts are in
// runtime/src (docs/architecture.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/exit_code.hpp"
#include "gossipper/runtime/media_files.hpp"
#include "gossipper/runtime/media_ports.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/runtime/run_control.hpp"
#include "gossipper/runtime/scrape_counts.hpp"
#include "gossipper/runtime/tdm_map.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "gossipper/stdlib/injection_file.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gossipper::runtime {

class Run;

class Engine {
public:
  Engine(const RunConfig &cfg, const ir::Scenario &scenario, const ir::TemplateTable &templates,
         const gsp_program *program);
  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  /// -inf files by name as given; the first is the default. Before open().
  void set_injection_files(
      std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>> files);
  /// The main scenario's media files (null: no media action) and -rtp_echo's
  /// sockets (none: no echo), which the run owns from now. Before open().
  void set_media(std::shared_ptr<const MediaFiles> files, EchoSockets echo);
  /// -tdmmap's circuits. Before open().
  void set_tdm_map(TdmMap map);
  /// -oocsf/-oocsn (client mode): the scenario that answers requests for no
  /// known call. Before open().
  void set_out_of_call(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                       const gsp_program *program);

  /// The /metrics scrapes that the summary and the final screen report
  /// (counted by the run's listeners). Before run().
  void count_scrapes(std::shared_ptr<const ScrapeCounts> counts);

  /// Opens the files and sockets and starts nothing yet; an error carries
  /// SIPp's message and exit code.
  Expected<void> open();
  /// Runs until the end of the test; returns the exit code. Prints SIPp's
  /// closing screens to `out`.
  int run(std::FILE *out);
  /// The main SIP port, once open.
  [[nodiscard]] uint16_t local_port() const;
  /// The -trace_stat file's name; empty when the run writes none.
  [[nodiscard]] std::string stat_file() const;
  RunControl &control();

private:
  std::unique_ptr<Run> run_;
};

} // namespace gossipper::runtime
