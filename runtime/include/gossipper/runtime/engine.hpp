//===- engine.hpp - Shards, call generation, the run ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A run: N shards (one thread and io_context each, calls never move between
// them), shard 0 also reads the shared sockets and generates the calls at the
// requested rate; the main thread watches: screens, keys, control socket,
// signals, end of run, exit code.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call_engine.hpp"
#include "stats/count_csv.hpp"
#include "trace/error_log.hpp"
#include "stats/junit_report.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "stats/run_summary.hpp"
#include "ui/screen_printer.hpp"
#include "stats/stat_csv.hpp"
#include "stats/stats.hpp"
#include "transport/tls_context.hpp"
#include "trace/trace_log.hpp"
#include "call/user_pool.hpp"
#include "control/watchdog.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gossipper::runtime {

class Shard;

/// SIPp's exit codes.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailedCalls = 1,
  kExitInternal = 97, ///< stop_now, or -timeout with no successful call
  kExitInfo = 99,
  kExitFatal = 255,
  kExitBind = 254,
  kExitUnhealthy = 2, ///< a -health_* gate was broken
};

/// What the main thread and the shards share, all atomic.
struct Control {
  std::atomic<int> quitting{0}; ///< SIPp's level: 1 soft (-m, -timeout), +10 q, +20 Q
  std::atomic<bool> paused{false};
  std::atomic<bool> abort_calls{false};
  std::atomic<bool> stop{false};
  std::atomic<bool> stop_now{false};
  std::atomic<bool> fatal{false}; ///< stopped by a fatal error: exit 255
  std::atomic<double> rate{10.0};
  std::atomic<uint64_t> rate_epoch{0}; ///< bumped on every rate change
  std::atomic<uint64_t> call_limit{0}; ///< 0: none
  std::atomic<uint64_t> created{0};    ///< calls started by the generator
  std::atomic<uint32_t> next_number{1};
};

class Engine {
public:
  Engine(const RunConfig &cfg, const ir::Scenario &scenario, const ir::TemplateTable &templates,
         const gsp_program *program);
  ~Engine();

  /// Opens the sockets; on failure returns false with SIPp's message and exit code.
  bool open(std::string &error, int &exit_code);
  /// Runs until the end of the test; returns the exit code. Prints SIPp's
  /// closing screens to `out`.
  int run(std::FILE *out);

  [[nodiscard]] uint16_t local_port() const { return main_port_; }
  /// -inf files, by name as given; the first is the default.
  void set_tdm_map(TdmMap map) {
    tdm_map_.emplace(std::move(map));
    ctx_.tdm_map = &*tdm_map_;
  }
  void set_injection_files(
      std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>> files) {
    ctx_.injection_files = std::move(files);
    ooc_ctx_.injection_files = ctx_.injection_files;
  }
  /// -oocsf/-oocsn (client mode): the scenario that answers requests for no
  /// known call. Before open().
  void set_out_of_call(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                       const gsp_program *program);
  /// The totals of every shard; the latency histograms only when asked.
  [[nodiscard]] StatsSnapshot snapshot(bool with_histograms = false) const;
  /// The out-of-call scenario's (-oocsf), for "set display ooc".
  [[nodiscard]] StatsSnapshot ooc_snapshot() const;
  [[nodiscard]] StatsSnapshot collect_stats(const ir::Scenario &scenario, bool out_of_call,
                                            bool with_histograms) const;
  /// The totals as the screens and the stat file show them: since the last
  /// "reset stats".
  [[nodiscard]] StatsSnapshot shown_snapshot() const {
    StatsSnapshot s = snapshot();
    s.subtract_cumulative(reset_base_);
    return s;
  }
  Control &control() { return control_; }

  /// -3pcc: a scenario whose first command is a sendCmd connects to its
  /// twin, one whose first is a recvCmd listens for it.
  enum class ThirdParty : uint8_t { None, Connects, Listens };
  static ThirdParty third_party_role(const ir::Scenario &s);

private:
  /// Opens the 3PCC command connections of `role` on shard 0.
  bool open_commands(ThirdParty role, std::string &error);
  /// Opens the -trace_msg/-trace_shortmsg/-trace_logs files.
  bool open_traces(std::string &error);
  void flush_traces();
  /// The main socket's address: the first -t ui address, -i with
  /// -bind_local, else any address of -i's family.
  [[nodiscard]] boost::asio::ip::address bind_address() const;
  /// -t ui: the distinct addresses of the first -inf file's -ip_field
  /// column, in file order (empty otherwise).
  [[nodiscard]] std::vector<std::string> source_addresses() const;
  /// Where a client's t1/l1/w1/ws1 connection goes: -rsa, else the remote.
  [[nodiscard]] boost::asio::ip::tcp::endpoint client_peer() const;
  friend class Shard;
  void main_loop(std::FILE *out);
  void generate_calls(uint64_t now_ms); ///< on shard 0's thread
  void generate_user_calls();
  void handle_key(char key);
  void handle_command(const std::string &line);
  /// "dump tasks" and "dump variables", to the error log as SIPp's.
  void dump_tasks();
  void dump_variables();
  /// "reset stats": the screens and the stat file count from now on.
  void reset_stats();
  /// Open and dead calls of every shard (SIPp's call tasks).
  [[nodiscard]] uint64_t call_tasks() const;
  /// Each shard lists its calls to the error log on its next tick.
  void request_call_dumps();
  /// "trace error|logs|messages|shortmessages on|off".
  void handle_trace_command(const std::string &what, const std::string &value);
  /// <scenario>_<pid><suffix>, unless the user named the file.
  [[nodiscard]] std::string trace_file_name(const std::string &given, const char *suffix) const;
  void warn(const std::string &text);
  void describe_scenario(EngineContext &ctx, const ir::Scenario &scenario,
                         const ir::TemplateTable &templates) const;
  uint64_t default_call_limit(double rate) const;

  const RunConfig &cfg_;
  const ir::Scenario &scenario_;
  const ir::TemplateTable &templates_;
  EngineContext ctx_;
  EngineContext ooc_ctx_; ///< -oocsf: scenario null when none
  Control control_;
  std::optional<TdmMap> tdm_map_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::unique_ptr<ScreenPrinter> screen_;
  std::unique_ptr<TlsContexts> tls_; ///< l1/ln/ws1/wsn
  int udp_fd_ = -1;
  int control_fd_ = -1;
  uint16_t main_port_ = 0;
  std::atomic<uint32_t> next_number_{1};
  DynamicIdCounter dynamic_id_{cfg_.dynamic_start, cfg_.dynamic_max, cfg_.dynamic_step};
  Watchdog watchdog_{cfg_.watchdog};                 ///< fired by every shard
  std::unique_ptr<UserPool> users_;                  ///< -users mode
  std::unique_ptr<ScenarioVariables> variables_;     ///< <Global>/<User> of the scenario
  std::unique_ptr<ScenarioVariables> ooc_variables_; ///< and of the -oocsf one

  // Call generation (shard 0's thread only).
  uint64_t gen_epoch_ = UINT64_MAX;
  uint64_t gen_since_ms_ = 0;
  uint64_t gen_since_calls_ = 0;

  // Main thread.
  bool timeout_fired_ = false;
  char screen_key_ = '1';
  std::unique_ptr<ErrorLog> errors_;
  TraceLog messages_log_;
  TraceLog short_messages_log_;
  TraceLog logs_log_;
  std::atomic<bool> logs_on_{false}; ///< <log> actions write to logs_log_
  // "reset stats" (main thread): the totals at the reset, what the loop's
  // period start must lose, and the new start of the cumulative columns.
  StatsSnapshot reset_base_;
  std::optional<StatsSnapshot> rebase_period_;
  uint64_t shown_start_ms_ = 0;
  uint64_t shown_start_wall_us_ = 0;
  bool hide_ = true; ///< "set hide false" shows the rows marked hide="true"
  std::unique_ptr<ScreenPrinter> ooc_screen_; ///< -oocsf's screens
  bool display_ooc_ = false;                  ///< "set display ooc"
  TraceLog calldebug_log_;
  StatCsv stat_csv_;
  CountCsv count_csv_;
  ErrorCodeLog error_codes_;
  TraceLog rtt_log_;
  uint64_t start_wall_us_ = 0;
  /// -trace_stat and -trace_counts rows.
  void write_stat_row(const StatsSnapshot &s);
  RateHistory rate_history_;
  /// -trace_screen at the end, and SIGUSR2 at any time.
  void dump_screens(const ScreenPrinter::Frame &f);
  /// -summary_json, -junit and the health gates, at the end; the exit code.
  int write_summaries(const StatsSnapshot &s, int code);
  static int64_t kernel_receive_drops(uint16_t port);
  uint64_t start_ms_ = 0;
};

/// Milliseconds of the monotonic clock (the engine's time base).
[[nodiscard]] uint64_t monotonic_ms();

} // namespace gossipper::runtime
