//===- shard.hpp - One worker thread and the calls it owns -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A shard is a thread with its own io_context, the calls of each scenario
// of the run (the main one, and -oocsf's), their statistics and timers, and
// the sockets those calls use. A call is created on one shard and never
// moves, so the message path takes no lock. Work for a shard from another
// thread (a datagram shard 0 read, a call the generator made) arrives in its
// single-producer inbox. Each tick the shard fires its timers, drains its
// inbox, follows the run's quitting, and publishes the counts the run loop
// reads (docs/runtime.md, "Threads and shards").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call_engine.hpp"
#include "call/scenario_context.hpp"
#include "control/run_state.hpp"
#include "control/watchdog.hpp"
#include "engine/scenario_versions.hpp"
#include "media/media_engine.hpp"
#include "stats/media_counters.hpp"
#include "stats/stats.hpp"
#include "threepcc/twin_links.hpp"
#include "transport/shard_transport.hpp"
#include "transport/shared_udp_socket.hpp"
#include "transport/stream_endpoints.hpp"
#include "transport/udp_call_socket.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/lockfree/spsc_queue.hpp>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gossipper::runtime {

/// Work handed from one shard's thread to another's.
struct InboxItem {
  enum class Kind : uint8_t { Message, NewCall } kind = Kind::Message;
  std::string bytes; ///< Message: the datagram; NewCall: the Call-ID
  boost::asio::ip::udp::endpoint from;
  uint32_t number = 0;
  uint32_t user = 0; ///< NewCall with -users
};

/// What the shards of a run share with it (owned by the run).
struct ShardContext {
  const RunConfig *config = nullptr;
  ScenarioContext *main = nullptr;
  ScenarioContext *ooc = nullptr; ///< -oocsf; null without
  RunState *state = nullptr;
  Watchdog *watchdog = nullptr;
  TlsContexts *tls = nullptr;
  int udp_fd = -1; ///< the shared UDP socket (-1: none)
  uint16_t main_port = 0;
  /// What calls ask of the process (send_command is each shard's own).
  RunHooks hooks;
  std::function<void(const std::string &)> warn;
  /// Wakes the run loop (a shard emptied while quitting, a fatal error).
  std::function<void()> wake;
  /// The call generator, run on shard 0's tick.
  std::function<void(uint64_t now_ms)> generate_calls;
  /// <rtp_echo value=...>'s switch of the -rtp_echo sockets.
  std::atomic<bool> *echo_on = nullptr;
  /// The next port of [rtpstream_audio_port]'s range, shared by the shards.
  std::atomic<uint32_t> *next_stream_port = nullptr;
  /// -rtpcheck_debug's files (null without).
  media::RtpcheckDebug *rtpcheck_debug = nullptr;
  /// -srtpcheck_debug's file (null without).
  media::SrtpDebug *srtp_debug = nullptr;
  /// Hands a datagram to shard `owner` (from shard 0's thread).
  std::function<void(uint32_t owner, std::string_view raw,
                     const boost::asio::ip::udp::endpoint &from)>
      hand_datagram;
  /// The main scenario's versions, when the API may replace it (null: the
  /// first version, `main`, only).
  ScenarioVersions *versions = nullptr;
  uint32_t shards = 1;
};

class Shard {
public:
  /// A shard whose calls send through sockets of its own.
  Shard(uint32_t index, const ShardContext &context);
  /// A shard whose calls send through `transport` (no socket: tests).
  Shard(uint32_t index, const ShardContext &context, Transport &transport);
  ~Shard();
  Shard(const Shard &) = delete;
  Shard &operator=(const Shard &) = delete;

  [[nodiscard]] uint32_t index() const { return index_; }
  boost::asio::io_context &io() { return io_; }
  /// Its sockets; null on a shard built over a given transport.
  [[nodiscard]] ShardTransport *sockets() const { return sockets_.get(); }
  /// The calls new calls join (the newest version this shard took).
  CallEngine &calls() { return *main_.calls; }
  /// The first version's statistics.
  [[nodiscard]] const Stats &stats() const { return *version_stats_[0]; }
  /// Version `v`'s statistics on this shard; null until the shard takes
  /// that version. Any thread.
  [[nodiscard]] const Stats *stats_of(uint32_t v) const {
    return v < stats_versions_.load(std::memory_order_acquire) ? version_stats_[v].get() : nullptr;
  }
  /// -oocsf's; null without.
  [[nodiscard]] const Stats *ooc_stats() const { return ooc_stats_.get(); }
  /// What its calls' media sent and received.
  [[nodiscard]] const MediaCounters &media() const { return media_counters_; }
  /// Its calls' media; null for a scenario without media actions.
  [[nodiscard]] media::MediaEngine *media_engine() const { return media_.get(); }
  /// More work for every tick of this shard (the run's -rtp_echo on shard
  /// 0). Before the shard's thread starts.
  void on_tick(std::function<void(uint64_t now_ms)> work) { tick_work_.push_back(std::move(work)); }

  /// Hands work to this shard from shard 0's thread.
  void post(InboxItem *item);
  /// Hands work to this shard from shard 0's thread, in an item the shard
  /// handled before (its buffer reused): a datagram or new call handed
  /// over allocates nothing once warm.
  void hand(InboxItem::Kind kind, std::string_view bytes,
            const boost::asio::ip::udp::endpoint &from, uint32_t number = 0, uint32_t user = 0);
  /// One turn of the shard's periodic work at `now_ms`.
  void tick(uint64_t now_ms);
  /// Runs the shard's loop on a thread of its own.
  void start_thread();
  void join();

  // What the run attaches to the shard before it starts (shard 0).

  /// Reads the shared UDP socket, handing datagrams to their shard.
  void read_shared_udp();
  /// A server's listening stream socket.
  void listen_streams(const boost::asio::ip::tcp::endpoint &local);
  /// A t1/l1/w1/ws1 client's connection, connected already.
  void adopt_client(boost::asio::ip::tcp::socket socket, boost::asio::ip::tcp::endpoint peer);
  /// -t ui server: a socket on another address of the -inf file, at the
  /// main port; its calls answer from it.
  Expected<void> open_address_socket(const std::string &ip);
  /// The 3PCC connections (made on first use).
  TwinLinks &twins();

  // Read by the run loop, written by the shard's thread.
  std::atomic<uint64_t> open_calls{0};
  std::atomic<uint64_t> dead_calls{0};
  std::atomic<uint64_t> ooc_open_calls{0};
  std::atomic<uint64_t> max_tick_lag_ms{0};
  /// The same since the overload controller last took it (exchange(0)).
  std::atomic<uint64_t> recent_tick_lag_ms{0};
  /// "dump tasks": the next tick lists the calls.
  std::atomic<bool> dump_requested{false};

private:
  /// The calls of one scenario on this shard.
  struct ScenarioCalls {
    Stats *stats = nullptr;
    std::unique_ptr<CallEngine> calls;
  };

  void build_calls(Transport &transport);
  /// The main scenario's calls of `version` on this shard, their
  /// statistics published for the run loop.
  ScenarioCalls make_version(uint32_t version, const ScenarioContext &ctx);
  /// Takes the version the run staged (shard 0) or published (the others):
  /// the calls in flight stay with their engine, retired, until they end.
  void follow_versions();
  /// The engine of the call `raw` is for: a retired one that knows its
  /// Call-ID, else the current one.
  CallEngine &engine_for(std::string_view raw);
  CallEngine &engine_for_id(std::string_view call_id);
  /// Every engine of the main scenario, current and retired.
  template <typename F> void each_main_engine(F &&f) {
    f(*main_.calls);
    for (ScenarioCalls &r : retired_) {
      f(*r.calls);
    }
  }
  RunHooks hooks();
  void deliver(std::string_view raw, const boost::asio::ip::udp::endpoint &from,
               const std::shared_ptr<Connection> &conn);
  void route_datagram(std::string_view raw, const boost::asio::ip::udp::endpoint &from);
  void on_connection_closed(Connection *c);
  void drain_inbox();
  void handle(const InboxItem &item);
  void follow_quitting();
  void publish_counts();
  void check_watchdog(uint64_t now);
  void flush();
  /// Closes every socket; the loop stops (after a grace for TLS and
  /// WebSocket goodbyes).
  void stop_io();
  void loop();

  uint32_t index_;
  const ShardContext &ctx_;
  boost::asio::io_context io_;
  std::unique_ptr<ShardTransport> sockets_;
  // Before the calls: their media outlives them.
  MediaCounters media_counters_;
  std::unique_ptr<media::MediaEngine> media_;
  std::vector<std::function<void(uint64_t)>> tick_work_;
  Transport *transport_ = nullptr;
  ScenarioCalls main_;
  /// Older versions' engines whose calls have not all ended.
  std::vector<ScenarioCalls> retired_;
  uint32_t version_ = 0; ///< main_'s
  std::array<std::unique_ptr<Stats>, ScenarioVersions::kMax> version_stats_;
  std::atomic<uint32_t> stats_versions_{0};
  std::unique_ptr<Stats> ooc_stats_;
  ScenarioCalls ooc_;
  boost::lockfree::spsc_queue<InboxItem *, boost::lockfree::capacity<65536>> inbox_;
  /// Handled items, back to the poster: this thread pushes, shard 0 pops.
  boost::lockfree::spsc_queue<InboxItem *, boost::lockfree::capacity<65536>> spent_;
  std::unique_ptr<UdpReader> udp_reader_;
  std::unique_ptr<StreamServer> server_;
  std::unique_ptr<StreamClient> client_;
  std::vector<std::shared_ptr<UdpCallSocket>> address_sockets_; ///< -t ui server
  std::unique_ptr<TwinLinks> twins_;
  std::thread thread_;
  bool stopped_ = false;        ///< this shard's thread only
  bool aborted_ = false;        ///< the open calls were aborted
  uint64_t watchdog_fired_ = 0; ///< when this thread last fired the watchdog
};

} // namespace gossipper::runtime
