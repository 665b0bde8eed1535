//===- run.hpp - A whole test run ------------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What Engine hides: the scenarios, the shards and their threads, the call
// generator, the files, the sockets opened before any traffic, and the
// RunControl every control surface drives. The main thread's loop is
// RunLoop (run_loop.hpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/dynamic_id.hpp"
#include "call/user_pool.hpp"
#include "control/control_socket.hpp"
#include "control/overload_controller.hpp"
#include "control/rate_controller.hpp"
#include "control/run_state.hpp"
#include "control/watchdog.hpp"
#include "engine/call_generator.hpp"
#include "engine/scenario_run.hpp"
#include "engine/scenario_versions.hpp"
#include "engine/shard.hpp"
#include "export/hep_exporter.hpp"
#include "gossipper/runtime/run_control.hpp"
#include "gossipper/runtime/scrape_counts.hpp"
#include "media/rtp_echo.hpp"
#include "media/rtpcheck_debug.hpp"
#include "media/srtp_debug.hpp"
#include "stats/run_summary.hpp"
#include "stats/statistics_files.hpp"
#include "trace/trace_files.hpp"
#include "transport/main_socket.hpp"
#include "transport/tls_context.hpp"
#include "transport/tls_handshake_pool.hpp"

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace gossipper::runtime {

namespace events {
class EventExporter;
}

class Run final : public RunControl {
public:
  Run(const RunConfig &cfg, const ir::Scenario &scenario, const ir::TemplateTable &templates,
      const gsp_program *program);
  ~Run() override;
  Run(const Run &) = delete;
  Run &operator=(const Run &) = delete;

  void set_injection_files(InjectionFiles files);
  void set_tdm_map(TdmMap map);
  void set_media(std::shared_ptr<const MediaFiles> files, EchoSockets echo);
  void set_out_of_call(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                       const gsp_program *program);
  void count_scrapes(std::shared_ptr<const ScrapeCounts> counts) { scrapes_ = std::move(counts); }
  /// Everything a run needs before its first message: files, sockets,
  /// shards, 3PCC links, <init>.
  Expected<void> open();
  /// Runs until the test ends; the exit code.
  int run(std::FILE *out);
  [[nodiscard]] uint16_t local_port() const { return main_socket_.port; }
  [[nodiscard]] const RunConfig &config() const { return cfg_; }

  // RunControl
  [[nodiscard]] RunStatus status() const override;
  [[nodiscard]] RunSnapshot snapshot(bool with_histograms) const override;
  [[nodiscard]] RunSnapshot snapshot_since_start(bool with_histograms) const override;
  Expected<void> set_rate(double rate) override;
  Expected<void> set_call_limit(uint64_t limit) override;
  Expected<void> set_users(uint32_t users) override;
  void set_paused(bool paused) override;
  void stop_gracefully() override;
  void stop_now() override;
  void reset_stats() override;
  [[nodiscard]] std::string summary_json() const override;
  Expected<uint32_t> replace_scenario(ScenarioReplacement next) override;
  Expected<void> set_trace(std::string_view file, bool on) override;
  void dump_tasks() override;
  void dump_variables() override;

private:
  friend class RunLoop;

  /// -3pcc: a scenario whose first command is a sendCmd connects to its
  /// twin, one whose first is a recvCmd listens for it.
  enum class ThirdParty : uint8_t { None, Connects, Listens };
  static ThirdParty third_party_role(const ir::Scenario &s);

  [[nodiscard]] unsigned thread_count(bool source_addresses) const;
  void make_shards(unsigned threads);
  Expected<void> attach_listeners(const std::vector<std::string> &addresses);
  Expected<void> connect_client();
  Expected<void> open_commands(ThirdParty role);
  /// -rtpcheck_debug's file of each stream kind the scenario plays.
  Expected<void> open_rtpcheck_debug();
  /// -srtpcheck_debug's file.
  Expected<void> open_srtp_debug();
  /// -hep_addr: the exporter, a queue per shard, observing every message.
  Expected<void> open_hep();
  /// The main socket's address: the first -t ui address, -i with
  /// -bind_local, else any address of -i's family.
  [[nodiscard]] boost::asio::ip::address bind_address() const;
  /// -t ui: the distinct addresses of the first -inf file's -ip_field
  /// column, in file order (empty otherwise).
  [[nodiscard]] std::vector<std::string> source_addresses() const;
  /// Where a client's t1/l1/w1/ws1 connection goes: -rsa, else the remote.
  [[nodiscard]] boost::asio::ip::tcp::endpoint client_peer() const;
  /// A new call from the generator, to the shard its Call-ID hashes to.
  void dispatch_call(uint32_t number, std::string_view call_id, uint32_t user);
  [[nodiscard]] uint64_t open_calls() const;
  /// A row of every statistics file, for the totals `shown` (since the last
  /// "reset stats").
  void write_rows(const StatsSnapshot &shown);
  /// The sums of every shard for a scenario (the out-of-call one with `ooc`).
  /// The main one's sums span all its versions but for the per-element
  /// counts, which are those of the version new calls play.
  [[nodiscard]] StatsSnapshot collect(bool ooc, bool with_histograms) const;
  /// The totals as the screens and the stat file show them: since the last
  /// "reset stats".
  [[nodiscard]] StatsSnapshot shown_snapshot() const;
  /// The main scenario's version a snapshot's element counts are of.
  [[nodiscard]] const ScenarioRun &version_of(const StatsSnapshot &s) const {
    return versions_.run(s.scenario_version);
  }
  /// Open and dead calls of every shard (SIPp's call tasks).
  [[nodiscard]] uint64_t call_tasks() const;
  /// What the summary says of the run besides its totals and series.
  [[nodiscard]] SummaryInput summary_input(const StatsSnapshot &totals) const;
  /// Sets the rate, and the default -l that follows it.
  void apply_rate(double rate);
  /// A reading of the run's load for the overload controller, whose cap
  /// the generator follows (run loop).
  void follow_load(uint64_t now_ms);
  void warn(const std::string &text);
  // The structured events (run_events.cpp): opened with the files, started
  // with the shards, stopped after them.
  Expected<void> open_events();
  void start_events();
  void stop_events(std::FILE *out);

  const RunConfig &cfg_;
  ScenarioRun main_;
  /// main_, then the scenarios the API applied since (POST /scenario/apply).
  ScenarioVersions versions_{main_};
  std::unique_ptr<ScenarioRun> ooc_;
  RunState state_;
  std::optional<TdmMap> tdm_map_;
  std::atomic<uint32_t> next_number_{1};
  /// -users as the run's total (what status() shows and set_users() sets);
  /// users_ holds this process's share of it.
  std::atomic<uint32_t> users_total_{0};
  DynamicIdCounter dynamic_id_;
  Watchdog watchdog_; ///< fired by every shard
  RateController rate_;
  /// Read by the run loop, its verdict by any control surface.
  OverloadController overload_{cfg_.overload_control};
  mutable std::mutex overload_mu_;
  /// The overload controller as it stands (the run loop moves it): what
  /// status() and the summary read.
  [[nodiscard]] OverloadController overload_now() const {
    std::lock_guard lock(overload_mu_);
    return overload_;
  }
  std::unique_ptr<UserPool> users_;
  TraceFiles traces_;
  StatisticsFiles statistics_;
  /// -log_*: declared before the shards, so it outlives their threads.
  std::unique_ptr<events::EventExporter> events_;
  /// -rtpcheck_debug: before the shards, whose calls write to it to the end.
  std::unique_ptr<media::RtpcheckDebug> rtpcheck_debug_;
  /// -srtpcheck_debug: the same.
  std::unique_ptr<media::SrtpDebug> srtp_debug_;
  /// -hep_addr: after traces_, whose observers point to it.
  std::unique_ptr<HepExporter> hep_;
  std::unique_ptr<TlsContexts> tls_; ///< l1/ln/ws1/wsn
  MainSocket main_socket_;
  ControlSocket control_socket_;
  ShardContext shard_ctx_;
  std::vector<std::unique_ptr<Shard>> shards_;
  /// -tls_handshake_threads: declared after the shards, so stopped before
  /// them (its handshakes hold their connections, and post to their threads).
  std::unique_ptr<TlsHandshakePool> handshake_pool_;
  // Media: the files the calls play, -rtp_echo (on shard 0's reactor) and
  // its switch, and what the echo counted.
  std::shared_ptr<const MediaFiles> media_files_;
  EchoSockets echo_sockets_;
  std::atomic<bool> echo_on_{true};
  std::atomic<uint32_t> next_stream_port_{0};
  MediaCounters echo_counters_;
  std::unique_ptr<media::RtpEcho> echo_;
  std::unique_ptr<CallGenerator> generator_;

  // The clock of the run, and "reset stats" (main thread, and any control
  // surface through reset_stats: under reset_mu_).
  std::atomic<uint64_t> start_ms_{0}; ///< 0 until the run starts; read by the API's thread
  uint64_t start_wall_us_ = 0;
  /// The summary's run_id: a merge of shards' summaries refuses one twice.
  const std::string run_id_ = new_run_id();
  mutable std::mutex reset_mu_;
  StatsSnapshot reset_base_;
  /// What the run loop's period start must lose after a reset.
  std::optional<StatsSnapshot> rebase_period_;
  uint64_t shown_start_ms_ = 0;
  uint64_t shown_start_wall_us_ = 0;
  bool timeout_fired_ = false;
  RunHistory history_;
  mutable std::mutex history_mu_; ///< the run loop samples history_; the API reads it
  /// The Prometheus scrapes the run's listeners counted; null without any.
  std::shared_ptr<const ScrapeCounts> scrapes_;
};

} // namespace gossipper::runtime
