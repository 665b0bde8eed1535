//===- engine.cpp - Shards, call generation, the run ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/engine.hpp"

#include "call/call_id_builder.hpp"
#include "sip/call_routing.hpp"
#include "ui/screen_printer.hpp"
#include "transport/shard_transport.hpp"
#include "threepcc/twin_connection.hpp"
#include "transport/udp_call_socket.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/lockfree/spsc_queue.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <malloc.h>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

uint64_t monotonic_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

namespace {

uint64_t wall_us() {
  timeval tv{};
  gettimeofday(&tv, nullptr);
  return static_cast<uint64_t>(tv.tv_sec) * 1000000ULL + static_cast<uint64_t>(tv.tv_usec);
}

// Signal flags, polled by the main loop.
std::atomic<int> g_signal_stop{0};
std::atomic<int> g_signal_usr1{0};
std::atomic<int> g_signal_usr2{0};
// The main loop sleeps in poll() until its next deadline; a byte on this pipe
// wakes it at once (signals, a shard asking to stop).
std::atomic<int> g_wake_fd{-1};

void wake_main_loop() {
  int fd = g_wake_fd.load();
  if (fd >= 0) {
    char b = 1;
    [[maybe_unused]] ssize_t n = ::write(fd, &b, 1); // full pipe: a wake-up is pending anyway
  }
}

extern "C" void on_stop_signal(int sig) {
  g_signal_stop.store(sig);
  wake_main_loop();
}
extern "C" void on_usr1(int) {
  g_signal_usr1.fetch_add(1);
  wake_main_loop();
}
extern "C" void on_usr2(int) {
  g_signal_usr2.fetch_add(1);
  wake_main_loop();
}

/// Work handed from one shard's thread to another's.
struct InboxItem {
  enum class Kind : uint8_t { Message, NewCall } kind = Kind::Message;
  std::string bytes; ///< Message: the datagram; NewCall: the Call-ID
  asio::ip::udp::endpoint from;
  uint32_t number = 0;
  uint32_t user = 0; ///< NewCall with -users
};

} // namespace

//===----------------------------------------------------------------------===//
// Shard
//===----------------------------------------------------------------------===//

class Shard {
public:
  Shard(Engine &e, uint32_t index)
      : engine_(e), index_(index),
        stats(e.scenario_.states.size(), e.scenario_.rtds.size(), e.scenario_.counters.size(),
              e.scenario_.response_time_repartition.bounds_ms.size(),
              e.scenario_.call_length_repartition.bounds_ms.size()) {}

  void build() {
    Deliver deliver = [this](std::string_view raw, const asio::ip::udp::endpoint &from,
                             const std::shared_ptr<Connection> &conn) {
      calls->on_message(raw, from, conn);
    };
    transport = std::make_unique<ShardTransport>(
        io, *engine_.ctx_.config, engine_.tls_.get(), engine_.udp_fd_, engine_.main_port_, deliver,
        [this](Connection *c) {
          if (c == client_connection_.get()) {
            client_connection_closed();
          }
          calls->on_connection_closed(c);
          if (ooc_calls) {
            ooc_calls->on_connection_closed(c);
          }
        },
        [this](const std::string &why) { engine_.warn(why); });
    EngineHooks hooks;
    hooks.stop_gracefully = [this] {
      int expected = 0;
      engine_.control_.quitting.compare_exchange_strong(expected, 1);
      wake_main_loop();
    };
    hooks.stop_now = [this] {
      engine_.control_.stop_now.store(true);
      wake_main_loop();
    };
    hooks.warning = [this](const std::string &w) { engine_.warn(w); };
    hooks.log = [this](const std::string &text) {
      if (engine_.logs_on_.load(std::memory_order_relaxed)) {
        engine_.logs_log_.write(text + "\n");
      }
    };
    hooks.send_command = [this](std::string_view dest, std::string_view command) {
      if (dest.empty()) {
        return twin_ != nullptr && twin_->send(command);
      }
      auto it = peers_out_.find(std::string(dest));
      return it != peers_out_.end() && it->second->send(command);
    };
    if (engine_.users_) {
      hooks.free_user = [this](uint32_t user) { engine_.users_->give_back(user); };
      hooks.users = [this] { return engine_.users_->users(); };
    }
    calls = std::make_unique<CallEngine>(engine_.ctx_, index_, *transport, stats, hooks);
    if (engine_.ooc_ctx_.scenario != nullptr) {
      // -oocsf/-oocsn: requests for no known call run the out-of-call
      // scenario, with statistics of its own, as in SIPp.
      const ir::Scenario &s = *engine_.ooc_ctx_.scenario;
      ooc_stats = std::make_unique<Stats>(s.states.size(), s.rtds.size(), s.counters.size(),
                                          s.response_time_repartition.bounds_ms.size(),
                                          s.call_length_repartition.bounds_ms.size());
      EngineHooks ooc_hooks = hooks;
      ooc_hooks.free_user = nullptr;
      ooc_calls =
          std::make_unique<CallEngine>(engine_.ooc_ctx_, index_, *transport, *ooc_stats, ooc_hooks);
      ooc_calls->set_automatic();
      calls->set_out_of_call(ooc_calls.get());
    }
    transport->on_send_failed([this](std::string_view id) {
      calls->on_send_failed(std::string(id));
      if (ooc_calls) {
        ooc_calls->on_send_failed(std::string(id));
      }
    });
  }

  /// Hands work to this shard from another thread (one producer per shard:
  /// shard 0, which reads the shared sockets and generates calls).
  void post(InboxItem *item) {
    while (!inbox.push(item)) {
      std::this_thread::yield(); // full: the consumer drains it every tick
    }
  }

  void drain() {
    InboxItem *item = nullptr;
    while (inbox.pop(item)) {
      std::unique_ptr<InboxItem> owned(item);
      if (item->kind == InboxItem::Kind::NewCall) {
        calls->start_outgoing_call(item->number, item->bytes, item->user);
      } else {
        calls->on_message(item->bytes, item->from, nullptr);
      }
    }
  }

  void start_udp_reader() {
    udp_reader_ = std::make_unique<asio::posix::stream_descriptor>(io, ::dup(engine_.udp_fd_));
    wait_udp();
  }

  // Under load the shared socket is read on the 1 ms tick instead of on every
  // readiness event: a wake-up per datagram costs more than the datagram (in
  // a VM, far more). Timing keeps SIPp's resolution, the millisecond.
  static constexpr unsigned kWakeupsBeforePolling = 3;
  static constexpr size_t kDatagramsBeforePolling = 8; // a peer that sends in bursts
  static constexpr unsigned kIdleTicksBeforeWaiting = 8;

  void wait_udp() {
    udp_reader_->async_wait(asio::posix::stream_descriptor::wait_read,
                            [this](const error_code &ec) {
                              if (ec) {
                                return;
                              }
                              datagrams_this_tick_ += read_udp();
                              transport->flush();
                              if (++wakeups_this_tick_ >= kWakeupsBeforePolling ||
                                  datagrams_this_tick_ >= kDatagramsBeforePolling) {
                                // The tick reads from now on. The descriptor leaves the reactor:
                                // registered, every datagram would still wake the thread.
                                polling_ = true;
                                idle_ticks_ = 0;
                                polled_fd_ = udp_reader_->release();
                                return;
                              }
                              wait_udp();
                            });
  }

  void poll_udp() {
    if (!polling_) {
      return;
    }
    if (read_udp() != 0) {
      idle_ticks_ = 0;
    } else if (++idle_ticks_ >= kIdleTicksBeforeWaiting) {
      polling_ = false;
      error_code ec;
      udp_reader_->assign(polled_fd_, ec);
      if (ec) {
        engine_.warn("cannot watch the UDP socket: " + ec.message());
        return;
      }
      polled_fd_ = -1;
      wait_udp();
    }
  }

  /// Reads what the shared socket holds, at most -max_recv_loops datagrams;
  /// returns how many.
  size_t read_udp() {
    size_t total = 0;
    const size_t budget = std::max<uint32_t>(engine_.cfg_.max_recv_loops, 1);
    if (!recv_) {
      // Set up once: the tick reads even when nothing came. The 2 MiB of
      // buffers are left unwritten: only the pages datagrams land in count.
      recv_ = std::make_unique_for_overwrite<RecvBatch>();
      for (unsigned i = 0; i < RecvBatch::kSize; ++i) {
        recv_->iov[i] = {recv_->bufs[i].data(), recv_->bufs[i].size()};
        recv_->msgs[i].msg_hdr.msg_iov = &recv_->iov[i];
        recv_->msgs[i].msg_hdr.msg_iovlen = 1;
        recv_->msgs[i].msg_hdr.msg_name = &recv_->addrs[i];
      }
    }
    auto &bufs = recv_->bufs;
    auto &msgs = recv_->msgs;
    auto &addrs = recv_->addrs;
    bool single = engine_.shards_.size() == 1;
    while (total < budget) {
      auto batch = static_cast<unsigned>(std::min<size_t>(RecvBatch::kSize, budget - total));
      for (unsigned i = 0; i < batch; ++i) {
        msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      }
      int n = ::recvmmsg(engine_.udp_fd_, msgs.data(), batch, MSG_DONTWAIT, nullptr);
      if (n <= 0) {
        return total;
      }
      total += static_cast<size_t>(n);
      for (int i = 0; i < n; ++i) {
        std::string_view raw(bufs[static_cast<size_t>(i)].data(),
                             msgs[static_cast<size_t>(i)].msg_len);
        asio::ip::udp::endpoint from;
        std::memcpy(from.data(), &addrs[static_cast<size_t>(i)],
                    std::min<size_t>(msgs[static_cast<size_t>(i)].msg_hdr.msg_namelen,
                                     sizeof(sockaddr_storage)));
        uint32_t owner = single ? 0
                                : shard_of(route_call_id(raw, engine_.cfg_.callid_slash_ign),
                                           static_cast<uint32_t>(engine_.shards_.size()));
        if (owner == index_) {
          calls->on_message(raw, from, nullptr);
        } else {
          auto *item = new InboxItem{InboxItem::Kind::Message, std::string(raw), from, 0};
          engine_.shards_[owner]->post(item);
        }
      }
      if (static_cast<unsigned>(n) < batch) {
        return total;
      }
    }
    return total;
  }

  void start_tcp_server() {
    acceptor_ = std::make_unique<asio::ip::tcp::acceptor>(io);
    error_code ec;
    asio::ip::tcp::endpoint ep(engine_.bind_address(), engine_.main_port_);
    acceptor_->open(ep.protocol(), ec);
    acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    acceptor_->bind(ep, ec);
    if (!ec) {
      acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      engine_.warn("cannot listen on TCP port " + std::to_string(engine_.main_port_) + ": " +
                   ec.message());
      return;
    }
    do_accept();
  }

  void do_accept() {
    acceptor_->async_accept([this](const error_code &ec, asio::ip::tcp::socket s) {
      if (ec) {
        if (ec != asio::error::operation_aborted) {
          do_accept();
        }
        return;
      }
      if (server_connections_.size() >= 2 * kept_connections_) {
        std::erase_if(server_connections_, [](const auto &c) { return !c->is_open(); });
        kept_connections_ = std::max<size_t>(32, server_connections_.size());
      }
      server_connections_.push_back(transport->accept_stream(std::move(s)));
      do_accept();
    });
  }

  /// t1/l1/w1/ws1 client: the one connection, made at start and again after
  /// it closes while -max_reconnect allows.
  void connect_client() {
    asio::ip::tcp::endpoint local(asio::ip::make_address(engine_.cfg_.local_ip), 0);
    client_connection_ = transport->connect_stream(engine_.client_peer(),
                                                   engine_.cfg_.bind_local ? &local : nullptr);
    transport->set_shared_connection(client_connection_);
  }

  /// -t ui server: a socket on another address of the -inf file, at the
  /// main port; its calls answer from it.
  bool open_address_socket(const std::string &ip, std::string &error) {
    error_code ec;
    asio::ip::address address = asio::ip::make_address(ip, ec);
    if (ec) {
      error = "-t ui: '" + ip + "' (-ip_field " + std::to_string(engine_.cfg_.ip_field) +
              ") is not an IP address";
      return false;
    }
    auto s = std::make_shared<UdpCallSocket>(
        io, asio::ip::udp::endpoint(address, engine_.main_port_), asio::ip::udp::endpoint(),
        engine_.cfg_.buff_size,
        [this](std::string_view raw, const asio::ip::udp::endpoint &from,
               const std::shared_ptr<Connection> &conn) { calls->on_message(raw, from, conn); });
    if (!s->is_open()) {
      error = "Unable to bind a UDP socket on " + ip + ":" + std::to_string(engine_.main_port_);
      return false;
    }
    s->start();
    address_sockets_.push_back(s);
    return true;
  }

  /// The first client connection, connected at start by Engine::open.
  void adopt_client(asio::ip::tcp::socket socket) {
    client_connection_ = transport->adopt_stream(std::move(socket));
    transport->set_shared_connection(client_connection_);
  }

  void client_connection_closed() {
    // SIPp: -max_reconnect attempts, -reconnect_sleep apart; the calls on the
    // old connection failed already unless -reconnect_close false.
    const RunConfig &cfg = engine_.cfg_;
    if (stopped_ || reconnects_ >= cfg.max_reconnect) {
      return;
    }
    ++reconnects_;
    auto timer =
        std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(cfg.reconnect_sleep_ms));
    timer->async_wait([this, timer](const error_code &ec) {
      if (!ec && !stopped_) {
        engine_.warn("reconnecting to the remote (" + std::to_string(reconnects_) + " of " +
                     std::to_string(engine_.cfg_.max_reconnect) + ")");
        connect_client();
      }
    });
  }

  /// -3pcc, the side whose first command is a sendCmd: SIPp connects to the
  /// twin at start and fails if it cannot.
  bool connect_twin(const asio::ip::tcp::endpoint &peer, std::string &error) {
    asio::ip::tcp::socket s(io);
    error_code ec;
    s.connect(peer, ec);
    if (ec) {
      error = "Unable to connect a twin sipp TCP socket to " + peer.address().to_string() + ":" +
              std::to_string(peer.port()) + ": " + ec.message();
      return false;
    }
    start_twin(std::move(s));
    return true;
  }

  /// Extended 3PCC: connects to every peer the scenario's sendCmd name, as
  /// SIPp does at start (master) or when its first peer connects (slave).
  bool connect_peers(std::string &error) {
    peers_connected_ = true;
    for (const ir::State &st : engine_.scenario_.states) {
      const auto *cmd = std::get_if<ir::SendCmdState>(&st.body);
      if (cmd == nullptr || cmd->dest.empty() || peers_out_.count(cmd->dest) != 0) {
        continue;
      }
      const CommandPeerAddress *peer = nullptr;
      for (const CommandPeerAddress &p : engine_.cfg_.command_peers) {
        if (p.name == cmd->dest) {
          peer = &p;
        }
      }
      if (peer == nullptr) {
        error = "get_peer_addr: Peer " + cmd->dest + " not found";
        return false;
      }
      asio::ip::tcp::socket s(io);
      error_code ec;
      s.connect(asio::ip::tcp::endpoint(asio::ip::make_address(peer->ip), peer->port), ec);
      if (ec) {
        error = "Unable to connect a twin sipp TCP socket to 3PCC peer " + peer->name + " (" +
                peer->ip + ":" + std::to_string(peer->port) + "): " + ec.message();
        return false;
      }
      peers_out_[cmd->dest] = start_command_connection(std::move(s), true);
    }
    return true;
  }

  /// -3pcc, the side whose first command is a recvCmd: it listens, and the
  /// twin's commands open its calls.
  bool listen_twin(const asio::ip::tcp::endpoint &local, std::string &error) {
    twin_acceptor_ = std::make_unique<asio::ip::tcp::acceptor>(io);
    error_code ec;
    twin_acceptor_->open(local.protocol(), ec);
    twin_acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) {
      twin_acceptor_->bind(local, ec);
    }
    if (!ec) {
      twin_acceptor_->listen(16, ec);
    }
    if (ec) {
      error = "Unable to bind twin sipp socket to " + local.address().to_string() + ":" +
              std::to_string(local.port()) + ": " + ec.message();
      return false;
    }
    do_accept_twin();
    return true;
  }

  void do_accept_twin() {
    twin_acceptor_->async_accept([this](const error_code &ec, asio::ip::tcp::socket s) {
      if (ec) {
        return;
      }
      if (engine_.cfg_.command_name.empty()) {
        twin_ = start_command_connection(std::move(s), true); // the latest twin answers
      } else {
        peers_in_.push_back(start_command_connection(std::move(s), true));
        std::string error;
        if (!peers_connected_ && !connect_peers(error)) {
          engine_.warn(error);
          engine_.control_.quitting.fetch_add(20);
          wake_main_loop();
        }
      }
      do_accept_twin();
    });
  }

  void start_twin(asio::ip::tcp::socket s) {
    twin_ = start_command_connection(std::move(s), false);
  }

  std::shared_ptr<TwinConnection> start_command_connection(asio::ip::tcp::socket s,
                                                           bool quit_when_closed) {
    auto c = std::make_shared<TwinConnection>(
        std::move(s), [this](std::string_view command) { calls->on_command(command); },
        [this, quit_when_closed](const std::string &why) {
          // SIPp: the listening side (and any extended 3PCC instance) exits
          // when a twin ends; the -3pcc client stops making calls and ends
          // when they are done.
          engine_.warn(why);
          if (quit_when_closed) {
            engine_.warn(engine_.cfg_.command_name.empty()
                             ? "3PCC controller A has ended -> exiting"
                             : "One of the twin instances has ended -> exiting");
            engine_.control_.quitting.fetch_add(20); // as SIPp's Q: now, exit code by the calls
          } else {
            int expected = 0;
            engine_.control_.quitting.compare_exchange_strong(expected, 1);
          }
          wake_main_loop();
        });
    c->start();
    return c;
  }

  void on_tick() {
    uint64_t now = monotonic_ms();
    if (engine_.watchdog_.due(watchdog_fired_, now)) {
      check_watchdog(now);
    }
    calls->set_now(now);
    if (ooc_calls) {
      ooc_calls->set_now(now);
    }
    wakeups_this_tick_ = 0;
    datagrams_this_tick_ = 0;
    if (udp_reader_) {
      poll_udp();
    }
    transport->tcp().on_tick();
    drain();
    Control &ctl = engine_.control_;
    if (ctl.quitting.load() != 0 && !calls->quitting()) {
      calls->set_quitting();
      if (ooc_calls) {
        ooc_calls->set_quitting();
      }
    }
    if (ctl.abort_calls.load() && !aborted_) {
      aborted_ = true;
      calls->abort_all();
      if (ooc_calls) {
        ooc_calls->abort_all();
      }
    }
    if (index_ == 0) {
      engine_.generate_calls(now);
    }
    calls->on_tick();
    if (ooc_calls) {
      ooc_calls->on_tick();
    }
    size_t open = calls->open_calls();
    if (open == 0 && open_calls.load(std::memory_order_relaxed) != 0 && ctl.quitting.load() != 0) {
      wake_main_loop(); // the main loop ends the run when every shard is empty
    }
    open_calls.store(open, std::memory_order_relaxed);
    dead_calls.store(calls->dead_calls(), std::memory_order_relaxed);
    if (ooc_calls) {
      ooc_open_calls.store(ooc_calls->open_calls(), std::memory_order_relaxed);
    }
    if (dump_requested.load(std::memory_order_relaxed) && dump_requested.exchange(false)) {
      auto out = [this](const std::string &line) { engine_.warn(line); };
      calls->dump_tasks(out);
      if (ooc_calls) {
        ooc_calls->dump_tasks(out);
      }
    }
    transport->flush();
    if (ctl.stop.load()) {
      stop_io();
    }
  }

  void check_watchdog(uint64_t now) {
    Watchdog::Findings f = engine_.watchdog_.fire(watchdog_fired_, now);
    watchdog_fired_ = now;
    if (f.minor_trip) {
      stats[Counter::WatchdogMinor].add();
    }
    if (f.major_trip) {
      stats[Counter::WatchdogMajor].add();
    }
    for (const std::string &w : f.warnings) {
      stats[Counter::Warnings].add();
      engine_.warn(w);
    }
    bool first = false;
    if (!f.fatal.empty() && engine_.control_.fatal.compare_exchange_strong(first, true)) {
      // One thread ends the run; the others' verdicts would repeat it.
      stats[Counter::FatalErrors].add();
      engine_.warn(f.fatal);
      engine_.control_.stop_now.store(true);
      wake_main_loop();
    }
  }

  void stop_io() {
    if (stopped_) {
      return;
    }
    stopped_ = true;
    error_code ec;
    if (udp_reader_) {
      udp_reader_->cancel(ec);
      udp_reader_->close(ec);
    }
    if (polled_fd_ >= 0) {
      ::close(polled_fd_);
      polled_fd_ = -1;
    }
    if (acceptor_) {
      acceptor_->close(ec);
    }
    for (auto &c : server_connections_) {
      c->close();
    }
    if (client_connection_) {
      client_connection_->close();
    }
    for (auto &a : address_sockets_) {
      a->close();
    }
    if (twin_acceptor_) {
      twin_acceptor_->close(ec);
    }
    if (twin_) {
      twin_->close();
    }
    // Our sending side closes first; the connections peers send on close
    // with the process. A SIPp peer that sees its sending connection close
    // before its receiving one crashes (3.6).
    for (auto &[name, c] : peers_out_) {
      c->close();
    }
    const TransportMode mode = engine_.cfg_.transport;
    if (uses_tls(mode) || is_websocket(mode)) {
      // A moment for the close_notify and close frames to leave.
      auto grace = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(100));
      grace->async_wait([this, grace](const error_code &) { io.stop(); });
      return;
    }
    io.stop();
  }

  void start_thread() {
    thread_ = std::thread([this] {
      CallEngine::current = calls.get();
      calls->set_now(monotonic_ms());
      watchdog_fired_ = monotonic_ms(); // it counts from the start
      // The loop sleeps in the reactor until the next millisecond or an
      // event: no timer to re-arm (an Asio timer costs two timerfd calls per
      // tick), one epoll_wait per turn.
      auto work = asio::make_work_guard(io);
      using clock = std::chrono::steady_clock;
      auto next = clock::now();
      const auto tick =
          std::chrono::milliseconds(std::max<uint32_t>(engine_.cfg_.timer_resol_ms, 1));
      while (!stopped_) {
        auto now = clock::now();
        if (now >= next) {
          // How late the tick runs: a busy generator shows here first.
          auto lag = static_cast<uint64_t>(
              std::chrono::duration_cast<std::chrono::milliseconds>(now - next).count());
          if (lag > max_tick_lag_ms.load(std::memory_order_relaxed)) {
            max_tick_lag_ms.store(lag, std::memory_order_relaxed);
          }
          on_tick();
          next += tick;
          if (next <= now) {
            next = now + tick; // late: no catching up in a burst
          }
          continue;
        }
        io.run_one_for(next - now);
      }
      // TLS and WebSocket connections say goodbye until stop_io's grace ends.
      io.run_for(std::chrono::milliseconds(200));
      // Calls still open when the run stops are dropped with their sockets.
      ooc_calls.reset();
      calls.reset();
    });
  }

  void join() {
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  Engine &engine_;
  uint32_t index_;
  asio::io_context io;
  Stats stats;
  std::unique_ptr<ShardTransport> transport;
  std::unique_ptr<CallEngine> calls;
  std::unique_ptr<Stats> ooc_stats;      ///< -oocsf: the out-of-call scenario's
  std::unique_ptr<CallEngine> ooc_calls; ///< -oocsf: its calls
  boost::lockfree::spsc_queue<InboxItem *, boost::lockfree::capacity<65536>> inbox;
  std::atomic<uint64_t> open_calls{0};
  std::atomic<uint64_t> max_tick_lag_ms{0};
  std::atomic<uint64_t> dead_calls{0};
  std::atomic<uint64_t> ooc_open_calls{0};
  std::atomic<bool> dump_requested{false}; ///< "dump tasks": the next tick lists the calls

private:
  bool stopped_ = false;        ///< this shard's thread only
  uint64_t watchdog_fired_ = 0; ///< when this thread last fired the watchdog
  std::unique_ptr<asio::posix::stream_descriptor> udp_reader_;
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
  std::vector<std::shared_ptr<Connection>> server_connections_;
  size_t kept_connections_ = 32;
  std::shared_ptr<Connection> client_connection_;
  int reconnects_ = 0;
  std::vector<std::shared_ptr<UdpCallSocket>> address_sockets_; ///< -t ui server
  std::unique_ptr<asio::ip::tcp::acceptor> twin_acceptor_;
  std::shared_ptr<TwinConnection> twin_;                             ///< -3pcc
  std::map<std::string, std::shared_ptr<TwinConnection>> peers_out_; ///< extended: by name
  std::vector<std::shared_ptr<TwinConnection>> peers_in_;
  bool peers_connected_ = false;
  std::thread thread_;
  bool aborted_ = false;
  struct RecvBatch {
    static constexpr unsigned kSize = 32;
    std::array<std::array<char, 65536>, kSize> bufs;
    std::array<mmsghdr, kSize> msgs{};
    std::array<iovec, kSize> iov{};
    std::array<sockaddr_storage, kSize> addrs{};
  };
  std::unique_ptr<RecvBatch> recv_; ///< shard 0's recvmmsg buffers
  bool polling_ = false;
  int polled_fd_ = -1; ///< the reader's descriptor while it is out of the reactor
  unsigned wakeups_this_tick_ = 0;
  size_t datagrams_this_tick_ = 0;
  unsigned idle_ticks_ = 0;
};

//===----------------------------------------------------------------------===//
// Engine
//===----------------------------------------------------------------------===//

Engine::Engine(const RunConfig &cfg, const ir::Scenario &scenario,
               const ir::TemplateTable &templates, const gsp_program *program)
    : cfg_(cfg), scenario_(scenario), templates_(templates) {
  ctx_.config = &cfg_;
  ctx_.scenario = &scenario_;
  ctx_.templates = &templates_;
  ctx_.program = program;
  ctx_.next_number = &next_number_;
  ctx_.dynamic_id = &dynamic_id_;
  if (cfg.users >= 0) {
    users_ = std::make_unique<UserPool>(static_cast<uint32_t>(cfg.users));
  }
  describe_scenario(ctx_, scenario, templates);
  variables_ = std::make_unique<ScenarioVariables>(scenario);
  ctx_.variables = variables_->scoped() ? variables_.get() : nullptr;
  control_.rate.store(cfg.rate);
  control_.call_limit.store(cfg.call_limit != 0 ? cfg.call_limit : default_call_limit(cfg.rate));
  screen_ = std::make_unique<ScreenPrinter>(cfg_, scenario_);
  errors_ = std::make_unique<ErrorLog>(trace_file_name(cfg_.error_file, "_errors.log"),
                                       cfg_.error_overwrite, cfg_.trace_err);
}

void Engine::describe_scenario(EngineContext &ctx, const ir::Scenario &scenario,
                               const ir::TemplateTable &templates) const {
  for (const auto &[id, tmpl] : templates.default_messages) {
    if (id == "ack") {
      ctx.default_ack = tmpl;
    } else if (id == "bye") {
      ctx.default_bye = tmpl;
    } else if (id == "cancel") {
      ctx.default_cancel = tmpl;
    } else if (id == "200") {
      ctx.default_200 = tmpl;
    } else if (id == "3pcc_abort") {
      ctx.default_3pcc_abort = tmpl;
    }
  }
  for (const ir::State &st : scenario.states) {
    if (const auto *p = std::get_if<ir::PauseState>(&st.body)) {
      if (p->distribution.kind == ir::Distribution::Kind::Fixed) {
        ctx.scenario_duration_ms += static_cast<uint64_t>(p->distribution.params[0]);
      } else if (p->distribution.kind == ir::Distribution::Kind::Default) {
        ctx.scenario_duration_ms += cfg_.default_pause_ms;
      }
    }
  }
}

void Engine::set_out_of_call(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                             const gsp_program *program) {
  ooc_ctx_.config = &cfg_;
  ooc_ctx_.scenario = &scenario;
  ooc_ctx_.templates = &templates;
  ooc_ctx_.program = program;
  ooc_ctx_.next_number = &next_number_;
  ooc_ctx_.dynamic_id = &dynamic_id_;
  ooc_ctx_.injection_files = ctx_.injection_files;
  ooc_screen_ = std::make_unique<ScreenPrinter>(cfg_, scenario);
  ooc_variables_ = std::make_unique<ScenarioVariables>(scenario);
  ooc_ctx_.variables = ooc_variables_->scoped() ? ooc_variables_.get() : nullptr;
  describe_scenario(ooc_ctx_, scenario, templates);
}

Engine::~Engine() {
  for (auto &s : shards_) {
    s->join();
  }
  if (udp_fd_ >= 0) {
    ::close(udp_fd_);
  }
  if (control_fd_ >= 0) {
    ::close(control_fd_);
  }
}

uint64_t Engine::default_call_limit(double rate) const {
  // SIPp: 3 * rate * max(scenario duration, -d, 1 s) / rate period, at least 1.
  double d = static_cast<double>(
      std::max<uint64_t>({ctx_.scenario_duration_ms, cfg_.default_pause_ms, 1000}));
  auto limit = static_cast<uint64_t>(3.0 * rate * d / cfg_.rate_period_ms);
  return limit == 0 ? 1 : limit;
}

void Engine::warn(const std::string &text) { errors_->add(text); }

asio::ip::tcp::endpoint Engine::client_peer() const {
  return {asio::ip::make_address(cfg_.rsa_host ? *cfg_.rsa_host : cfg_.remote_ip),
          cfg_.rsa_host ? cfg_.rsa_port : cfg_.remote_port};
}

std::vector<std::string> Engine::source_addresses() const {
  std::vector<std::string> out;
  if (cfg_.transport != TransportMode::UdpPerIp || ctx_.injection_files.empty()) {
    return out;
  }
  const stdlib::InjectionFile &file = *ctx_.injection_files.front().second;
  for (long line = 0; line < file.line_count(); ++line) {
    std::string ip;
    file.append_field(line, static_cast<unsigned>(cfg_.ip_field), ip);
    if (!ip.empty() && std::find(out.begin(), out.end(), ip) == out.end()) {
      out.push_back(ip);
    }
  }
  return out;
}

asio::ip::address Engine::bind_address() const {
  std::vector<std::string> addresses = source_addresses();
  if (!addresses.empty()) {
    // SIPp binds the main socket of -t ui to the file's first address.
    error_code ec;
    asio::ip::address first = asio::ip::make_address(addresses.front(), ec);
    if (!ec) {
      return first;
    }
  }
  asio::ip::address local = asio::ip::make_address(cfg_.local_ip);
  if (cfg_.bind_local) {
    return local;
  }
  return local.is_v6() ? asio::ip::address(asio::ip::address_v6::any())
                       : asio::ip::address(asio::ip::address_v4::any());
}

bool Engine::open(std::string &error, int &exit_code) {
  for (const auto &[name, value] : cfg_.set_globals) {
    // SIPp sets every <Global> of that name and refuses a name none declares.
    bool in_main = variables_->set_global(name, value);
    bool in_ooc = ooc_variables_ && ooc_variables_->set_global(name, value);
    if (!in_main && !in_ooc) {
      error = "Can not set the global variable " + name + ", because it does not exist.";
      exit_code = kExitFailedCalls; // SIPp exits 1 here
      return false;
    }
  }
  if (!open_traces(error)) {
    exit_code = kExitFatal;
    return false;
  }
  if (uses_tls(cfg_.transport)) {
    tls_ = TlsContexts::make(cfg_.tls, cfg_.server_mode, error);
    if (!tls_) {
      exit_code = kExitFatal;
      return false;
    }
  }
  bool udp = is_udp(cfg_.transport);
  asio::ip::address bind_addr = bind_address();
  auto try_bind = [&](uint16_t port) -> int {
    int fd = ::socket(bind_addr.is_v6() ? AF_INET6 : AF_INET,
                      (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      return -1;
    }
    int size = static_cast<int>(cfg_.buff_size);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    if (!udp) {
      int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    asio::ip::udp::endpoint ep(bind_addr, port);
    if (::bind(fd, ep.data(), static_cast<socklen_t>(ep.size())) != 0) {
      int e = errno;
      ::close(fd);
      errno = e;
      return -1;
    }
    return fd;
  };
  int fd = -1;
  if (cfg_.local_port != 0) {
    fd = try_bind(cfg_.local_port);
    if (fd < 0) {
      error = std::string("Unable to bind main socket, errno = ") + std::to_string(errno) + " (" +
              std::strerror(errno) + ")";
      exit_code = errno == EADDRINUSE ? kExitBind : kExitFatal;
      return false;
    }
  } else {
    for (uint16_t p = 5060; p < 5120 && fd < 0; ++p) {
      fd = try_bind(p);
    }
    if (fd < 0) {
      fd = try_bind(0);
    }
    if (fd < 0) {
      error = std::string("Unable to bind main socket: ") + std::strerror(errno);
      exit_code = kExitFatal;
      return false;
    }
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len);
  main_port_ = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port
                                              : reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
  if (udp) {
    udp_fd_ = fd;
  } else {
    ::close(fd); // the shard's acceptor binds the port itself
  }

  // Remote control socket: -cp, else the first free of 8888..8947.
  control_fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (control_fd_ >= 0) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_ANY);
    if (!cfg_.control_ip.empty()) {
      ::inet_pton(AF_INET, cfg_.control_ip.c_str(), &sin.sin_addr);
    }
    bool bound = false;
    if (cfg_.control_port != 0) {
      sin.sin_port = htons(cfg_.control_port);
      bound = ::bind(control_fd_, reinterpret_cast<sockaddr *>(&sin), sizeof sin) == 0;
      if (!bound) {
        error = "Unable to bind remote control socket to UDP port " +
                std::to_string(cfg_.control_port) + ": " + std::strerror(errno);
        exit_code = errno == EADDRINUSE ? kExitBind : kExitFatal;
        return false;
      }
    } else {
      for (uint16_t p = 8888; p < 8948 && !bound; ++p) {
        sin.sin_port = htons(p);
        bound = ::bind(control_fd_, reinterpret_cast<sockaddr *>(&sin), sizeof sin) == 0;
      }
      if (!bound) {
        ::close(control_fd_);
        control_fd_ = -1;
      }
    }
  }

  // TCP in one connection (t1) keeps all calls on one shard, since one byte
  // stream has one reader and one writer.
  unsigned threads = std::max(1U, cfg_.threads);
  if (is_single_connection(cfg_.transport)) {
    threads = 1;
  }
  // A <Global> that calls assign is one value for every call, as in SIPp,
  // whose calls all run on one thread: so do ours, rather than lock it.
  if (ScenarioVariables::assigns_global(scenario_) ||
      (ooc_ctx_.scenario != nullptr && ScenarioVariables::assigns_global(*ooc_ctx_.scenario))) {
    threads = 1;
  }
  // 3PCC: one twin connection, read and written by one thread, as t1.
  ThirdParty role = third_party_role(scenario_);
  if (role != ThirdParty::None) {
    threads = 1;
  }
  // -t ui: the main socket and the address sockets, bound to the same
  // port, are read by shard 0, which then owns their calls: one thread.
  std::vector<std::string> addresses = source_addresses();
  if (!addresses.empty()) {
    threads = 1;
  }
  for (unsigned i = 0; i < threads; ++i) {
    shards_.push_back(std::make_unique<Shard>(*this, i));
  }
  for (auto &s : shards_) {
    s->build();
  }
  if (udp) {
    shards_[0]->start_udp_reader();
    if (!cfg_.server_mode && !addresses.empty()) {
      shards_[0]->transport->set_main_source(addresses.front());
    }
    // A ui server listens on every address at once; a client opens the
    // socket of an address at its first call.
    for (size_t i = 1; cfg_.server_mode && i < addresses.size(); ++i) {
      if (!shards_[0]->open_address_socket(addresses[i], error)) {
        exit_code = kExitFatal;
        return false;
      }
    }
  } else if (cfg_.server_mode) {
    shards_[0]->start_tcp_server();
  } else if (is_single_connection(cfg_.transport)) {
    asio::ip::tcp::endpoint peer = client_peer();
    // SIPp connects at startup and fails if it cannot; the connection made
    // here is the one the calls use (its handshake runs in the loop).
    asio::ip::tcp::socket socket(shards_[0]->io);
    error_code ec;
    socket.open(peer.protocol(), ec);
    if (!ec && cfg_.bind_local) {
      socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(cfg_.local_ip), 0), ec);
    }
    if (!ec) {
      socket.connect(peer, ec);
    }
    if (ec) {
      error = std::string("Unable to connect a ") + transport_name(cfg_.transport) +
              " socket.\nUse 'sipp -h' for details";
      exit_code = kExitFatal;
      return false;
    }
    shards_[0]->adopt_client(std::move(socket));
  }
  if (role != ThirdParty::None && !open_commands(role, error)) {
    exit_code = kExitFatal;
    return false;
  }
  shards_[0]->calls->run_init();
  return true;
}

bool Engine::open_commands(ThirdParty role, std::string &error) {
  Shard &shard = *shards_[0];
  // A call that the peer's command names starts here when this side waits
  // for commands first, or answers calls (SIPp's B, passive A, slave).
  if (role == ThirdParty::Listens || scenario_.mode == ir::Mode::Server) {
    shard.calls->set_commands_start_calls();
  }
  if (!cfg_.command_name.empty()) {
    // Extended: listen on our address of the peers file; send on connections
    // of our own to the peers the scenario names.
    const CommandPeerAddress *self = nullptr;
    for (const CommandPeerAddress &p : cfg_.command_peers) {
      if (p.name == cfg_.command_name) {
        self = &p;
      }
    }
    if (self == nullptr) {
      error = "get_peer_addr: Peer " + cfg_.command_name + " not found";
      return false;
    }
    asio::ip::tcp::endpoint local(asio::ip::make_address(self->ip), self->port);
    if (!shard.listen_twin(local, error)) {
      return false;
    }
    return role == ThirdParty::Listens || shard.connect_peers(error);
  }
  if (cfg_.twin_port == 0) {
    error = "sendCmd/recvCmd in the scenario need -3pcc HOST:PORT";
    return false;
  }
  asio::ip::tcp::endpoint twin(asio::ip::make_address(cfg_.twin_host), cfg_.twin_port);
  return role == ThirdParty::Connects ? shard.connect_twin(twin, error)
                                      : shard.listen_twin(twin, error);
}

bool Engine::open_traces(std::string &error) {
  // Opened before any traffic, as SIPp opens them (an unwritable name stops
  // the run there).
  if (cfg_.max_log_size != 0 && cfg_.ringbuffer_size != 0) {
    error = "Ring Buffer options and maximum log size are mutually exclusive.";
    return false;
  }
  LogRotation rotation{cfg_.max_log_size, cfg_.ringbuffer_size, cfg_.ringbuffer_files};
  std::string prefix = cfg_.scenario_name + "_" + std::to_string(cfg_.pid) + "_";
  messages_log_.set_rotation(rotation, prefix + "messages");
  short_messages_log_.set_rotation(rotation, prefix + "shortmessages");
  logs_log_.set_rotation(rotation, prefix + "logs");
  calldebug_log_.set_rotation(rotation, prefix + "calldebug");
  errors_->set_rotation(rotation, prefix + "errors");
  if (cfg_.trace_calldebug) {
    if (!calldebug_log_.open(trace_file_name(cfg_.calldebug_file, "_calldebug.log"),
                             cfg_.calldebug_overwrite, error)) {
      return false;
    }
    ctx_.call_debug = &calldebug_log_;
  }
  if (cfg_.trace_msg) {
    if (!messages_log_.open(trace_file_name(cfg_.message_file, "_messages.log"),
                            cfg_.message_overwrite, error)) {
      return false;
    }
    ctx_.messages = ooc_ctx_.messages = &messages_log_;
  }
  if (cfg_.trace_shortmsg) {
    if (!short_messages_log_.open(trace_file_name(cfg_.shortmessage_file, "_shortmessages.log"),
                                  cfg_.shortmessage_overwrite, error)) {
      return false;
    }
    ctx_.short_messages = ooc_ctx_.short_messages = &short_messages_log_;
  }
  if (cfg_.trace_logs) {
    if (!logs_log_.open(trace_file_name(cfg_.log_file, "_logs.log"), cfg_.log_overwrite, error)) {
      return false;
    }
    logs_on_.store(true);
  }
  if (cfg_.trace_counts &&
      !count_csv_.open(trace_file_name("", "_counts.csv"), scenario_, cfg_.stat_delimiter,
                       cfg_.global_lost > 0 ||
                           std::any_of(scenario_.states.begin(), scenario_.states.end(),
                                       [](const ir::State &st) { return st.lost.has_value(); }),
                       error)) {
    return false;
  }
  if (cfg_.trace_error_codes) {
    if (!error_codes_.open(trace_file_name("", "_error_codes.csv"), cfg_.stat_delimiter, error)) {
      return false;
    }
    ctx_.error_codes = &error_codes_;
  }
  if (cfg_.trace_rtt) {
    if (!rtt_log_.open(trace_file_name("", "_rtt.csv"), true, error)) {
      return false;
    }
    rtt_log_.write("Date_ms" + cfg_.stat_delimiter + "response_time_ms" + cfg_.stat_delimiter +
                   "rtd_no\n");
    ctx_.rtt = &rtt_log_;
    // The call engines time response times on the steady clock.
    ctx_.rtt_origin_us =
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now().time_since_epoch())
                                  .count());
  }
  if (cfg_.trace_stat && !stat_csv_.open(trace_file_name(cfg_.stat_file, "_.csv"), scenario_,
                                         cfg_.stat_delimiter, cfg_.periodic_rtd, error)) {
    return false;
  }
  return true;
}

void Engine::write_stat_row(const StatsSnapshot &s) {
  count_csv_.row(s, start_wall_us_, wall_us());
  error_codes_.row(start_wall_us_, wall_us());
  if (!stat_csv_.is_open()) {
    return;
  }
  StatCsv::Clock clock;
  clock.start_us = shown_start_wall_us_;
  clock.now_us = wall_us();
  clock.users = users_ != nullptr;
  clock.target_rate =
      users_ != nullptr ? static_cast<double>(users_->users()) : control_.rate.load();
  stat_csv_.row(s, clock);
}

void Engine::flush_traces() {
  rtt_log_.flush();
  calldebug_log_.flush();
  messages_log_.flush();
  short_messages_log_.flush();
  logs_log_.flush();
}

Engine::ThirdParty Engine::third_party_role(const ir::Scenario &s) {
  // SIPp's rule: the first command element decides.
  for (const ir::State &st : s.states) {
    if (std::holds_alternative<ir::SendCmdState>(st.body)) {
      return ThirdParty::Connects;
    }
    if (std::holds_alternative<ir::RecvCmdState>(st.body)) {
      return ThirdParty::Listens;
    }
  }
  return ThirdParty::None;
}

void Engine::generate_calls(uint64_t now) {
  // SIPp's CallGenerationTask.
  if (cfg_.server_mode || control_.quitting.load() != 0 || control_.paused.load()) {
    gen_epoch_ = UINT64_MAX; // restart the schedule from now when resumed
    return;
  }
  if (users_) {
    generate_user_calls();
    return;
  }
  uint64_t epoch = control_.rate_epoch.load();
  if (epoch != gen_epoch_) {
    gen_epoch_ = epoch;
    gen_since_ms_ = now;
    gen_since_calls_ = 0;
  }
  double rate = control_.rate.load();
  auto expected = static_cast<uint64_t>(static_cast<double>(now - gen_since_ms_) *
                                        (rate / cfg_.rate_period_ms));
  if (expected <= gen_since_calls_) {
    return;
  }
  uint64_t to_open = expected - gen_since_calls_;
  uint64_t created = control_.created.load();
  if (cfg_.max_calls != 0 && created + to_open > cfg_.max_calls) {
    to_open = cfg_.max_calls > created ? cfg_.max_calls - created : 0;
  }
  gen_since_calls_ += to_open; // shed, not deferred, when the limit cuts them
  if (cfg_.max_calls != 0 && created + to_open >= cfg_.max_calls && to_open != 0) {
    wake_main_loop(); // the last call of -m: the main loop starts the ending now
  }
  uint64_t limit = control_.call_limit.load();
  uint64_t open = 0;
  for (auto &s : shards_) {
    open += s->open_calls.load(std::memory_order_relaxed);
  }
  if (limit != 0 && open + to_open > limit) {
    to_open = limit > open ? limit - open : 0;
  }
  auto n_shards = static_cast<uint32_t>(shards_.size());
  for (uint64_t i = 0; i < to_open; ++i) {
    uint32_t number = next_number_.fetch_add(1);
    std::string id = make_call_id(cfg_, number);
    control_.created.fetch_add(1);
    uint32_t owner = shard_of(id, n_shards);
    if (owner == 0) {
      shards_[0]->calls->start_outgoing_call(number, id);
      shards_[0]->open_calls.store(shards_[0]->calls->open_calls(), std::memory_order_relaxed);
    } else {
      shards_[owner]->post(new InboxItem{InboxItem::Kind::NewCall, std::move(id), {}, number});
    }
  }
}

void Engine::generate_user_calls() {
  // -users: a call for every user not in one, within -m.
  uint64_t to_open = users_->startable();
  uint64_t created = control_.created.load();
  if (cfg_.max_calls != 0 && created + to_open > cfg_.max_calls) {
    to_open = cfg_.max_calls > created ? cfg_.max_calls - created : 0;
  }
  auto n_shards = static_cast<uint32_t>(shards_.size());
  for (uint64_t i = 0; i < to_open; ++i) {
    std::optional<uint32_t> user = users_->take();
    if (!user) {
      break;
    }
    uint32_t number = next_number_.fetch_add(1);
    std::string id = make_call_id(cfg_, number);
    control_.created.fetch_add(1);
    uint32_t owner = shard_of(id, n_shards);
    if (owner == 0) {
      shards_[0]->calls->start_outgoing_call(number, id, *user);
    } else {
      shards_[owner]->post(
          new InboxItem{InboxItem::Kind::NewCall, std::move(id), {}, number, *user});
    }
  }
}

StatsSnapshot Engine::snapshot(bool with_histograms) const {
  return collect_stats(scenario_, false, with_histograms);
}

StatsSnapshot Engine::ooc_snapshot() const {
  return collect_stats(*ooc_ctx_.scenario, true, false);
}

StatsSnapshot Engine::collect_stats(const ir::Scenario &scenario, bool out_of_call,
                                    bool with_histograms) const {
  StatsSnapshot s;
  s.counters.assign(static_cast<size_t>(Counter::Count), 0);
  s.states.assign(scenario.states.size(), StatsSnapshot::State{});
  s.rtd.resize(scenario.rtds.size());
  for (auto &r : s.rtd) {
    r.buckets.assign(scenario.response_time_repartition.bounds_ms.size() + 1, 0);
  }
  s.call_length.buckets.assign(scenario.call_length_repartition.bounds_ms.size() + 1, 0);
  s.user_counters.assign(scenario.counters.size(), 0);
  auto add_series = [with_histograms](StatsSnapshot::SeriesSum &to, const Series &from) {
    uint64_t count = from.count.get();
    if (count != 0 && (to.count == 0 || from.min_ms.get() < to.min_ms)) {
      to.min_ms = from.min_ms.get();
    }
    if (count != 0 && (to.count == 0 || from.min_us.get() < to.min_us)) {
      to.min_us = from.min_us.get();
    }
    to.max_ms = std::max(to.max_ms, from.max_ms.get());
    to.max_us = std::max(to.max_us, from.max_us.get());
    for (size_t f = 0; f < to.fixed.size(); ++f) {
      to.fixed[f] += from.fixed[f].get();
    }
    if (with_histograms) {
      to.histogram.resize(LatencyBuckets::kCount, 0);
      for (size_t b = 0; b < LatencyBuckets::kCount; ++b) {
        to.histogram[b] += from.histogram[b].get();
      }
    }
    to.count += count;
    to.sum_ms += from.sum_ms.get();
    to.sum_sq_ms += from.sum_sq_ms.get();
    for (size_t b = 0; b < to.buckets.size() && b < from.buckets.size(); ++b) {
      to.buckets[b] += from.buckets[b].get();
    }
  };
  for (const auto &shard : shards_) {
    if (out_of_call && !shard->ooc_stats) {
      continue;
    }
    const Stats &st = out_of_call ? *shard->ooc_stats : shard->stats;
    for (size_t c = 0; c < s.counters.size(); ++c) {
      s.counters[c] += st.counters[c].get();
    }
    for (size_t i = 0; i < s.states.size(); ++i) {
      const StateCounters &p = st.per_state[i];
      StatsSnapshot::State &q = s.states[i];
      q.sent += p.sent.get();
      q.recv += p.recv.get();
      q.sent_retrans += p.sent_retrans.get();
      q.recv_retrans += p.recv_retrans.get();
      q.timeouts += p.timeouts.get();
      q.unexpected += p.unexpected.get();
      q.lost += p.lost.get();
      q.sessions += p.sessions.get();
    }
    for (size_t i = 0; i < s.rtd.size(); ++i) {
      add_series(s.rtd[i], st.rtd[i]);
    }
    add_series(s.call_length, st.call_length);
    for (size_t i = 0; i < s.user_counters.size(); ++i) {
      s.user_counters[i] += st.user_counters[i].get();
    }
    s.open_calls +=
        (out_of_call ? shard->ooc_open_calls : shard->open_calls).load(std::memory_order_relaxed);
  }
  return s;
}

std::string Engine::trace_file_name(const std::string &given, const char *suffix) const {
  return given.empty() ? cfg_.scenario_name + "_" + std::to_string(cfg_.pid) + suffix : given;
}

void Engine::reset_stats() {
  StatsSnapshot now = snapshot();
  StatsSnapshot delta = now;
  delta.subtract_cumulative(reset_base_);
  stat_csv_.rebase(delta);
  rebase_period_ = delta;
  reset_base_ = std::move(now);
  shown_start_ms_ = monotonic_ms();
  shown_start_wall_us_ = wall_us();
}

uint64_t Engine::call_tasks() const {
  uint64_t calls = 0;
  for (const auto &shard : shards_) {
    calls += shard->open_calls.load(std::memory_order_relaxed) +
             shard->dead_calls.load(std::memory_order_relaxed);
  }
  return calls;
}

void Engine::request_call_dumps() {
  for (const auto &shard : shards_) {
    shard->dump_requested.store(true);
  }
}

int Engine::run(std::FILE *out) {
  // Calls come and go by thousands a second: without a pad, glibc gives the
  // top of a thread's heap back and takes it again with an mprotect call
  // every few calls. The pad is address space; pages count only once used.
  mallopt(M_TOP_PAD, 16 << 20);
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGUSR1, on_usr1);
  std::signal(SIGUSR2, on_usr2);
  start_ms_ = monotonic_ms();
  for (auto &s : shards_) {
    s->start_thread();
  }
  main_loop(out);
  control_.stop.store(true);
  for (auto &s : shards_) {
    s->join();
  }
  flush_traces();
  write_stat_row(shown_snapshot()); // the final row, however the run ended
  StatsSnapshot s = snapshot(true);
  int code = kExitOk;
  bool failed = s.get(Counter::FailedCall) > 0;
  if (control_.fatal.load()) {
    code = kExitFatal;
  } else if (control_.stop_now.load() ||
             (!failed && timeout_fired_ && s.get(Counter::SuccessfulCall) == 0)) {
    code = kExitInternal;
  } else if (failed) {
    code = kExitFailedCalls;
  }
  return write_summaries(s, code);
}

int Engine::write_summaries(const StatsSnapshot &s, int code) {
  std::vector<HealthGate> gates = judge_health(cfg_, scenario_, s);
  bool healthy =
      std::all_of(gates.begin(), gates.end(), [](const HealthGate &g) { return g.passed; });
  if (cfg_.summary_json.empty() && cfg_.junit.empty() && gates.empty()) {
    return code;
  }
  SummaryInput in;
  in.config = &cfg_;
  in.scenario = &scenario_;
  in.totals = &s;
  in.started_us = start_wall_us_;
  in.finished_us = wall_us();
  in.rate = &rate_history_;
  for (const auto &shard : shards_) {
    in.load.max_timer_lag_ms = std::max(in.load.max_timer_lag_ms, shard->max_tick_lag_ms.load());
    in.load.send_drops += shard->transport->send_drops();
    in.load.send_errors += shard->transport->send_errors();
  }
  in.load.receive_drops = udp_fd_ >= 0 ? kernel_receive_drops(main_port_) : -1;
  if (tls_) {
    in.load.tls_handshakes = static_cast<int64_t>(tls_->handshakes());
    in.load.tls_resumed = static_cast<int64_t>(tls_->resumed());
  }
  in.health = gates;
  // Gates judge the run as a whole: breaking one is exit 2, whatever else.
  in.exit_code = healthy ? code : kExitUnhealthy;
  auto write = [this](const std::string &path, const std::string &text) {
    std::FILE *f = std::fopen(path.c_str(), "w");
    if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) {
      warn("cannot write '" + path + "': " + std::strerror(errno));
    }
    if (f != nullptr) {
      std::fclose(f);
    }
  };
  if (!cfg_.summary_json.empty()) {
    write(cfg_.summary_json, run_summary_json(in));
  }
  if (!cfg_.junit.empty()) {
    write(cfg_.junit, junit_report(in));
  }
  for (const HealthGate &g : gates) {
    if (!g.passed) {
      std::fprintf(stderr, "Health gate %s broken: %g (limit %g)\n", g.name.c_str(), g.value,
                   g.limit);
    }
  }
  return in.exit_code;
}

int64_t Engine::kernel_receive_drops(uint16_t port) {
  // /proc/net/udp[6]: the "drops" column of the socket bound to our port.
  for (const char *path : {"/proc/net/udp", "/proc/net/udp6"}) {
    std::FILE *f = std::fopen(path, "r");
    if (f == nullptr) {
      continue;
    }
    char line[512];
    int64_t drops = -1;
    while (std::fgets(line, sizeof line, f) != nullptr) {
      unsigned local_port = 0;
      if (std::sscanf(line, " %*d: %*[0-9A-Fa-f]:%x", &local_port) != 1 || local_port != port) {
        continue;
      }
      const char *last = std::strrchr(line, ' ');
      if (last != nullptr) {
        drops = std::max<int64_t>(drops, 0) + std::strtoll(last + 1, nullptr, 10);
      }
    }
    std::fclose(f);
    if (drops >= 0) {
      return drops;
    }
  }
  return -1;
}

void Engine::main_loop(std::FILE *out) {
  bool tty = ::isatty(STDOUT_FILENO) != 0;
  bool keyboard = tty && ::isatty(STDIN_FILENO) != 0 && !cfg_.no_stdin;
  termios saved{};
  if (keyboard) {
    ::tcgetattr(STDIN_FILENO, &saved);
    termios raw = saved;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
  uint64_t start_wall = wall_us();
  uint64_t reset_wall = start_wall;
  StatsSnapshot period_start = shown_snapshot();
  start_wall_us_ = start_wall;
  shown_start_wall_us_ = start_wall;
  shown_start_ms_ = start_ms_;
  uint64_t last_stat_row = start_ms_;
  write_stat_row(period_start); // SIPp's first row, at start
  uint64_t last_report = start_ms_;
  uint64_t peak = 0;
  uint64_t peak_time = 0;
  uint64_t last_increase = start_ms_;
  bool command_mode = false;
  std::string command;

  StatsSnapshot ooc_period_start = ooc_screen_ ? ooc_snapshot() : StatsSnapshot{};
  auto frame = [&](const StatsSnapshot &now, bool closing, const StatsSnapshot *period = nullptr) {
    ScreenPrinter::Frame f;
    f.now = &now;
    f.period_start = period != nullptr ? period : &period_start;
    uint64_t t = monotonic_ms();
    f.clock_ms = t - shown_start_ms_;
    f.period_ms = t - last_report;
    f.start_wall_us = shown_start_wall_us_;
    f.hide = hide_;
    f.reset_wall_us = reset_wall;
    f.now_wall_us = wall_us();
    f.local_port = main_port_;
    f.rate = control_.rate.load();
    f.call_limit = control_.call_limit.load();
    if (users_) {
      f.users = users_->users();
      f.call_limit = users_->users(); // SIPp's open-call limit is the users
    }
    f.quitting = control_.quitting.load();
    f.paused = control_.paused.load();
    f.closing = closing;
    f.last_error = errors_->last();
    return f;
  };

  int wake_pipe[2] = {-1, -1};
  if (::pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) == 0) {
    g_wake_fd.store(wake_pipe[1]);
  }
  while (true) {
    // Sleep until the next thing the main thread must do: on a quiet machine
    // every wake-up costs, and this thread has little to do while calls run.
    uint64_t before = monotonic_ms();
    uint64_t next = before + 100;
    if (cfg_.refresh_ms != 0) {
      next = std::min(next, last_report + cfg_.refresh_ms);
    }
    if (cfg_.global_timeout_ms != 0 && !timeout_fired_) {
      next = std::min(next, start_ms_ + cfg_.global_timeout_ms);
    }
    if (cfg_.rate_increase != 0 && !cfg_.server_mode) {
      next = std::min(next, last_increase + static_cast<uint64_t>(cfg_.rate_interval_s * 1000));
    }
    pollfd fds[3];
    nfds_t nfds = 0;
    for (int fd : {wake_pipe[0], keyboard ? STDIN_FILENO : -1, control_fd_}) {
      if (fd >= 0) {
        fds[nfds++] = pollfd{fd, POLLIN, 0};
      }
    }
    if (next > before) {
      ::poll(fds, nfds, static_cast<int>(next - before));
    }
    if (wake_pipe[0] >= 0) {
      char drain[64];
      while (::read(wake_pipe[0], drain, sizeof drain) > 0) {
      }
    }
    uint64_t now = monotonic_ms();
    if (g_signal_stop.load() != 0) {
      break; // SIGINT/SIGTERM: SIPp exits at once, calls are left as they are
    }
    while (g_signal_usr1.load() > 0) {
      g_signal_usr1.fetch_sub(1);
      handle_key('q');
    }
    if (control_.stop_now.load()) {
      break;
    }
    // -rate_increase: SIPp's ratetask.
    if (cfg_.rate_increase != 0 && !cfg_.server_mode && control_.quitting.load() < 10 &&
        now - last_increase >= static_cast<uint64_t>(cfg_.rate_interval_s * 1000)) {
      last_increase = now;
      double rate = control_.rate.load() + cfg_.rate_increase;
      if (cfg_.rate_max != 0 && rate > cfg_.rate_max) {
        rate = cfg_.rate_max;
        if (!cfg_.no_rate_quit) {
          control_.quitting.fetch_add(10);
        }
      }
      control_.rate.store(rate);
      if (cfg_.call_limit == 0) {
        control_.call_limit.store(default_call_limit(rate));
      }
      control_.rate_epoch.fetch_add(1);
    }
    if (g_signal_usr2.load() > 0) {
      g_signal_usr2.store(0);
      StatsSnapshot now_stats = shown_snapshot();
      now_stats.peak_calls = peak;
      now_stats.peak_time_s = peak_time;
      dump_screens(frame(now_stats, false));
    }
    // Keys from the terminal and the remote-control socket.
    if (keyboard) {
      char c = 0;
      while (::read(STDIN_FILENO, &c, 1) == 1) {
        if (command_mode) {
          if (c == '\n' || c == '\r') {
            handle_command(command);
            command.clear();
            command_mode = false;
          } else {
            command += c;
          }
        } else if (c == 'c') {
          command_mode = true;
        } else {
          handle_key(c);
        }
      }
    }
    if (control_fd_ >= 0) {
      char buf[65536];
      ssize_t n = 0;
      while ((n = ::recv(control_fd_, buf, sizeof buf, MSG_DONTWAIT)) > 0) {
        if (buf[0] == 'c') {
          handle_command(std::string(buf + 1, static_cast<size_t>(n - 1)));
        } else {
          handle_key(buf[0]);
        }
      }
    }

    if (rebase_period_) {
      period_start.subtract_cumulative(*rebase_period_);
      rebase_period_.reset();
      peak = 0; // SIPp's peak is a cumulative counter too
      peak_time = 0;
    }
    StatsSnapshot all = snapshot();
    rate_history_.sample(now - start_ms_, all);
    StatsSnapshot s = all;
    s.subtract_cumulative(reset_base_);
    if (s.open_calls > peak) {
      peak = s.open_calls;
      peak_time = (now - start_ms_) / 1000;
    }
    uint64_t created = all.created(); // -m counts every call, reset or not
    if (cfg_.max_calls != 0 && created >= cfg_.max_calls && control_.quitting.load() == 0) {
      control_.quitting.store(1);
    }
    if (cfg_.global_timeout_ms != 0 && !timeout_fired_ &&
        now - start_ms_ >= cfg_.global_timeout_ms) {
      timeout_fired_ = true;
      if (cfg_.timeout_error) {
        warn(cfg_.scenario_name + " timed out");
        control_.stop_now.store(true);
        break;
      }
      if (control_.quitting.load() == 0) {
        control_.quitting.store(1);
      }
    }
    int q = control_.quitting.load();
    if (q > 11) {
      control_.abort_calls.store(true);
    }
    if (q != 0 && s.open_calls == 0) {
      // Let the shards pass one more tick so calls queued to them are seen.
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
      if (snapshot().open_calls == 0) {
        break;
      }
    }
    if (tty && cfg_.refresh_ms != 0 && now - last_report >= cfg_.refresh_ms) {
      s.peak_calls = peak;
      s.peak_time_s = peak_time;
      std::string text;
      if (display_ooc_) {
        StatsSnapshot o = ooc_snapshot();
        text = ooc_screen_->render(screen_key_, frame(o, false, &ooc_period_start));
      } else {
        text = screen_->render(screen_key_, frame(s, false));
      }
      std::fputs("\x1b[H\x1b[2J", out);
      std::fputs(text.c_str(), out);
      if (command_mode) {
        std::fprintf(out, "\nCommand: %s", command.c_str());
      }
      std::fflush(out);
    }
    if ((stat_csv_.is_open() || count_csv_.is_open() || error_codes_.is_open()) &&
        cfg_.stat_period_ms != 0 && now - last_stat_row >= cfg_.stat_period_ms) {
      last_stat_row = now;
      write_stat_row(s);
    }
    if (cfg_.refresh_ms != 0 && now - last_report >= cfg_.refresh_ms) {
      flush_traces();
      period_start = s;
      if (ooc_screen_) {
        ooc_period_start = ooc_snapshot();
      }
      last_report = now;
      reset_wall = wall_us();
    }
  }
  if (keyboard) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  }
  g_wake_fd.store(-1);
  for (int fd : wake_pipe) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  StatsSnapshot s = shown_snapshot();
  s.peak_calls = std::max(peak, s.open_calls);
  s.peak_time_s = peak_time;
  ScreenPrinter::Frame f = frame(s, true);
  if (tty) {
    std::fputs("\x1b[H\x1b[2J", out);
  }
  // The last screens of the scenario on display ("set display ooc").
  StatsSnapshot o = display_ooc_ ? ooc_snapshot() : StatsSnapshot{};
  const ScreenPrinter &printer = display_ooc_ ? *ooc_screen_ : *screen_;
  ScreenPrinter::Frame shown = display_ooc_ ? frame(o, true, &ooc_period_start) : f;
  std::fputs(printer.render(screen_key_, shown).c_str(), out);
  if (screen_key_ != '2') {
    std::fputs(printer.render('2', shown).c_str(), out);
  }
  std::fflush(out);
  if (cfg_.trace_screen) {
    dump_screens(f);
  }
  errors_->report(stderr);
}

void Engine::dump_screens(const ScreenPrinter::Frame &f) {
  // SIPp's _screen.log: the scenario, statistics and repartition screens.
  std::string name = trace_file_name(cfg_.screen_file, "_screen.log");
  std::FILE *dump = std::fopen(name.c_str(), cfg_.screen_overwrite ? "w" : "a");
  if (dump == nullptr) {
    warn("Unable to create '" + name + "': " + std::strerror(errno));
    return;
  }
  for (char k : {'1', '2', '3'}) {
    std::fputs(screen_->render(k, f).c_str(), dump);
  }
  std::fclose(dump);
}

} // namespace gossipper::runtime
