//===- shard.cpp - One worker thread and the calls it owns ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "engine/shard.hpp"

#include "media/srtp_session.hpp"

#include "sip/call_routing.hpp"
#include "time/clock.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>

#include <pthread.h>

#include <chrono>
#include <random>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

Shard::Shard(uint32_t index, const ShardContext &context) : index_(index), ctx_(context) {
  sockets_ = std::make_unique<ShardTransport>(
      io_, *ctx_.config, ctx_.tls, ctx_.udp_fd, ctx_.main_port,
      [this](std::string_view raw, const asio::ip::udp::endpoint &from,
             const std::shared_ptr<Connection> &conn) { deliver(raw, from, conn); },
      [this](Connection *c) { on_connection_closed(c); },
      [this](const std::string &why) { ctx_.warn(why); });
  build_calls(*sockets_);
  sockets_->on_send_failed([this](std::string_view id) {
    engine_for_id(id).on_send_failed(std::string(id));
    if (ooc_.calls) {
      ooc_.calls->on_send_failed(std::string(id));
    }
  });
}

Shard::Shard(uint32_t index, const ShardContext &context, Transport &transport)
    : index_(index), ctx_(context) {
  build_calls(transport);
}

Shard::~Shard() {
  join();
  InboxItem *item = nullptr;
  while (inbox_.pop(item) || spent_.pop(item)) {
    delete item; // NOLINT(cppcoreguidelines-owning-memory): the queues own their items
  }
}

RunHooks Shard::hooks() {
  RunHooks h = ctx_.hooks;
  h.send_command = [this](std::string_view dest, std::string_view command) {
    return twins_ != nullptr && twins_->send(dest, command);
  };
  return h;
}

/// 64 random bits for a shard's media: MediaEngine seeds its SSRCs from the
/// high half and play_dtmf's from the low one, so both halves must vary
/// (RFC 3550 §8.1: SSRCs and first sequence numbers at random).
static uint64_t media_seed(uint32_t shard) {
  std::random_device rd;
  return ((static_cast<uint64_t>(rd()) << 32) | rd()) + shard;
}

Shard::ScenarioCalls Shard::make_version(uint32_t version, const ScenarioContext &ctx) {
  version_stats_[version] = std::make_unique<Stats>(*ctx.scenario);
  ScenarioCalls c;
  c.stats = version_stats_[version].get();
  c.calls = std::make_unique<CallEngine>(ctx, index_, *transport_, *c.stats, hooks());
  stats_versions_.store(version + 1, std::memory_order_release);
  return c;
}

void Shard::build_calls(Transport &transport) {
  transport_ = &transport;
  main_ = make_version(0, *ctx_.main);
  if (ctx_.main->media_files != nullptr) {
    media::MediaEngine::Shared shared{ctx_.config,
                                      ctx_.main->media_files,
                                      ctx_.echo_on,
                                      ctx_.next_stream_port,
                                      ctx_.rtpcheck_debug,
                                      ctx_.srtp_debug,
                                      ctx_.main->observers,
                                      index_,
                                      ctx_.main->call_observer};
    media_ = std::make_unique<media::MediaEngine>(io_, shared, media_counters_, media_seed(index_));
    media::start_srtp(); // before any call (its tests take milliseconds)
    main_.calls->set_media(media_.get());
    media_->on_call_failed(
        [this](const std::string &id) { engine_for_id(id).on_media_failed(id); });
  }
  if (ctx_.ooc != nullptr) {
    // -oocsf/-oocsn: requests for no known call run the out-of-call
    // scenario, with statistics of its own, as in SIPp.
    RunHooks ooc_hooks = hooks();
    ooc_hooks.free_user = nullptr;
    ooc_stats_ = std::make_unique<Stats>(*ctx_.ooc->scenario);
    ooc_.stats = ooc_stats_.get();
    ooc_.calls = std::make_unique<CallEngine>(*ctx_.ooc, index_, transport, *ooc_.stats, ooc_hooks);
    ooc_.calls->set_automatic();
    main_.calls->set_out_of_call(ooc_.calls.get());
  }
}

void Shard::follow_versions() {
  if (ctx_.versions == nullptr) {
    return;
  }
  uint32_t target = index_ == 0 ? ctx_.versions->staged() : ctx_.versions->current();
  if (target == version_) {
    return;
  }
  ScenarioCalls next = make_version(target, ctx_.versions->run(target).ctx);
  next.calls->set_now(main_.calls->now());
  if (media_) {
    next.calls->set_media(media_.get());
  }
  if (ooc_.calls) {
    next.calls->set_out_of_call(ooc_.calls.get());
  }
  if (main_.calls->quitting()) {
    next.calls->set_quitting();
  }
  retired_.push_back(std::move(main_));
  main_ = std::move(next);
  version_ = target;
  if (index_ == 0) {
    // Its <Global> values are set before its first call, on any shard.
    main_.calls->run_init();
    ctx_.versions->publish(target);
  }
}

CallEngine &Shard::engine_for(std::string_view raw) {
  if (retired_.empty()) {
    return *main_.calls;
  }
  return engine_for_id(route_call_id(raw, ctx_.config->callid_slash_ign));
}

CallEngine &Shard::engine_for_id(std::string_view call_id) {
  for (ScenarioCalls &r : retired_) {
    if (r.calls->knows(call_id)) {
      return *r.calls;
    }
  }
  return *main_.calls;
}

void Shard::deliver(std::string_view raw, const asio::ip::udp::endpoint &from,
                    const std::shared_ptr<Connection> &conn) {
  engine_for(raw).on_message(raw, from, conn);
}

void Shard::on_connection_closed(Connection *c) {
  if (client_) {
    client_->on_closed(c);
  }
  each_main_engine([c](CallEngine &e) { e.on_connection_closed(c); });
  if (ooc_.calls) {
    ooc_.calls->on_connection_closed(c);
  }
}

void Shard::post(InboxItem *item) {
  while (!inbox_.push(item)) {
    std::this_thread::yield(); // full: the consumer drains it every tick
  }
}

void Shard::hand(InboxItem::Kind kind, std::string_view bytes, const asio::ip::udp::endpoint &from,
                 uint32_t number, uint32_t user) {
  InboxItem *item = nullptr;
  if (!spent_.pop(item)) {
    item = new InboxItem; // NOLINT(cppcoreguidelines-owning-memory): the queues own their items
  }
  item->kind = kind;
  item->bytes.assign(bytes);
  item->from = from;
  item->number = number;
  item->user = user;
  post(item);
}

void Shard::drain_inbox() {
  InboxItem *item = nullptr;
  while (inbox_.pop(item)) {
    handle(*item);
    if (!spent_.push(item)) {
      delete item; // NOLINT(cppcoreguidelines-owning-memory): the poster has plenty
    }
  }
}

void Shard::handle(const InboxItem &item) {
  if (item.kind == InboxItem::Kind::NewCall) {
    // Shard 0 publishes a new version before it makes calls for it: a
    // call made after the apply starts on it here too.
    follow_versions();
    // Open before it counts as created: the run loop, ending a run whose
    // -m calls are all made, must not see this one made and not open.
    open_calls.store(open_calls.load(std::memory_order_relaxed) + 1); // this thread's gauge
    main_.calls->start_outgoing_call(item.number, item.bytes, item.user);
  } else {
    engine_for(item.bytes).on_message(item.bytes, item.from, nullptr);
  }
}

void Shard::route_datagram(std::string_view raw, const asio::ip::udp::endpoint &from) {
  uint32_t owner = ctx_.shards <= 1
                       ? 0
                       : shard_of(route_call_id(raw, ctx_.config->callid_slash_ign), ctx_.shards);
  if (owner == index_) {
    engine_for(raw).on_message(raw, from, nullptr);
  } else {
    ctx_.hand_datagram(owner, raw, from);
  }
}

//===----------------------------------------------------------------------===//
// What the run attaches
//===----------------------------------------------------------------------===//

void Shard::read_shared_udp() {
  udp_reader_ = std::make_unique<UdpReader>(
      io_, ctx_.udp_fd, ctx_.config->max_recv_loops,
      [this](std::string_view raw, const asio::ip::udp::endpoint &from) {
        route_datagram(raw, from);
      },
      [this] { flush(); }, ctx_.warn, ctx_.config->udp_gso);
  udp_reader_->start();
}

void Shard::listen_streams(const asio::ip::tcp::endpoint &local) {
  server_ = std::make_unique<StreamServer>(*sockets_, ctx_.warn);
  server_->listen(local);
}

void Shard::adopt_client(asio::ip::tcp::socket socket, asio::ip::tcp::endpoint peer) {
  client_ = std::make_unique<StreamClient>(*sockets_, *ctx_.config, std::move(peer), ctx_.warn);
  client_->adopt(std::move(socket));
}

Expected<void> Shard::open_address_socket(const std::string &ip) {
  error_code ec;
  asio::ip::address address = asio::ip::make_address(ip, ec);
  if (ec) {
    return Error{"-t ui: '" + ip + "' (-ip_field " + std::to_string(ctx_.config->ip_field) +
                 ") is not an IP address"};
  }
  auto s = std::make_shared<UdpCallSocket>(
      io_, asio::ip::udp::endpoint(address, ctx_.main_port), asio::ip::udp::endpoint(),
      ctx_.config->buff_size,
      [this](std::string_view raw, const asio::ip::udp::endpoint &from,
             const std::shared_ptr<Connection> &conn) { deliver(raw, from, conn); });
  if (!s->is_open()) {
    return Error{"Unable to bind a UDP socket on " + ip + ":" + std::to_string(ctx_.main_port)};
  }
  s->start();
  address_sockets_.push_back(s);
  return {};
}

TwinLinks &Shard::twins() {
  if (!twins_) {
    TwinLinks::Events events;
    events.command = [this](std::string_view command) { main_.calls->on_command(command); };
    events.closed = [this](TwinLinks::Quit quit) {
      if (quit == TwinLinks::Quit::Now) {
        ctx_.state->quit.abort(); // as SIPp's Q: now, exit code by the calls
      } else {
        ctx_.state->quit.soft();
      }
      ctx_.wake();
    };
    events.warn = ctx_.warn;
    twins_ = std::make_unique<TwinLinks>(io_, *ctx_.config, *ctx_.main->scenario, events);
  }
  return *twins_;
}

//===----------------------------------------------------------------------===//
// The loop
//===----------------------------------------------------------------------===//

void Shard::tick(uint64_t now) {
  if (ctx_.watchdog != nullptr && ctx_.watchdog->due(watchdog_fired_, now)) {
    check_watchdog(now);
  }
  follow_versions();
  each_main_engine([now](CallEngine &e) { e.set_now(now); });
  if (ooc_.calls) {
    ooc_.calls->set_now(now);
  }
  if (udp_reader_) {
    udp_reader_->on_tick();
  }
  if (sockets_) {
    sockets_->tcp().on_tick();
  }
  drain_inbox();
  follow_quitting();
  if (index_ == 0 && ctx_.generate_calls) {
    ctx_.generate_calls(now);
  }
  each_main_engine([](CallEngine &e) { e.on_tick(); });
  if (ooc_.calls) {
    ooc_.calls->on_tick();
  }
  // A retired version's engine goes once its last call (dead ones too).
  std::erase_if(retired_, [](const ScenarioCalls &r) {
    return r.calls->open_calls() == 0 && r.calls->dead_calls() == 0;
  });
  if (media_) {
    media_->on_tick(now);
  }
  for (auto &work : tick_work_) {
    work(now);
  }
  publish_counts();
  flush();
  if (ctx_.state->stop.load()) {
    stop_io();
  }
}

void Shard::follow_quitting() {
  RunState &state = *ctx_.state;
  if (state.quit.quitting() && !main_.calls->quitting()) {
    each_main_engine([](CallEngine &e) { e.set_quitting(); });
    if (ooc_.calls) {
      ooc_.calls->set_quitting();
    }
  }
  if (state.abort_calls.load() && !aborted_) {
    aborted_ = true;
    each_main_engine([](CallEngine &e) { e.abort_all(); });
    if (ooc_.calls) {
      ooc_.calls->abort_all();
    }
  }
}

void Shard::publish_counts() {
  size_t open = 0;
  size_t dead = 0;
  each_main_engine([&open, &dead](CallEngine &e) {
    open += e.open_calls();
    dead += e.dead_calls();
  });
  if (open == 0 && open_calls.load(std::memory_order_relaxed) != 0 && ctx_.state->quit.quitting()) {
    ctx_.wake(); // the run loop ends the run when every shard is empty
  }
  open_calls.store(open, std::memory_order_relaxed);
  dead_calls.store(dead, std::memory_order_relaxed);
  if (ooc_.calls) {
    ooc_open_calls.store(ooc_.calls->open_calls(), std::memory_order_relaxed);
  }
  if (dump_requested.load(std::memory_order_relaxed) && dump_requested.exchange(false)) {
    each_main_engine([this](CallEngine &e) { e.dump_tasks(ctx_.warn); });
    if (ooc_.calls) {
      ooc_.calls->dump_tasks(ctx_.warn);
    }
  }
}

void Shard::flush() {
  if (sockets_) {
    sockets_->flush();
  }
}

void Shard::check_watchdog(uint64_t now) {
  Watchdog::Findings f = ctx_.watchdog->fire(watchdog_fired_, now);
  watchdog_fired_ = now;
  Stats &stats = *main_.stats;
  if (f.minor_trip) {
    stats[Counter::WatchdogMinor].add();
  }
  if (f.major_trip) {
    stats[Counter::WatchdogMajor].add();
  }
  for (const std::string &w : f.warnings) {
    stats[Counter::Warnings].add();
    ctx_.warn(w);
  }
  bool first = false;
  if (!f.fatal.empty() && ctx_.state->fatal.compare_exchange_strong(first, true)) {
    // One thread ends the run; the others' verdicts would repeat it.
    stats[Counter::FatalErrors].add();
    ctx_.warn(f.fatal);
    ctx_.state->stop_now.store(true);
    ctx_.wake();
  }
}

void Shard::stop_io() {
  if (stopped_) {
    return;
  }
  stopped_ = true;
  if (udp_reader_) {
    udp_reader_->close();
  }
  if (server_) {
    server_->close();
  }
  if (client_) {
    client_->close();
  }
  for (auto &a : address_sockets_) {
    a->close();
  }
  if (twins_) {
    twins_->close();
  }
  const TransportMode mode = ctx_.config->transport;
  if (sockets_ && (uses_tls(mode) || is_websocket(mode))) {
    // A moment for the close_notify and close frames to leave.
    auto grace = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
    grace->async_wait([this, grace](const error_code &) { io_.stop(); });
    return;
  }
  io_.stop();
}

void Shard::loop() {
  // Named first, before it allocates: for top and perf, and for the test
  // that counts what shards allocate (steady_allocations_test.cpp).
  pthread_setname_np(pthread_self(), "gossipper-shard");
  main_.calls->set_now(steady_ms());
  watchdog_fired_ = steady_ms(); // it counts from the start
  // The loop sleeps in the reactor until the next tick or an event: no
  // timer to re-arm (an Asio timer costs two timerfd calls per tick), one
  // epoll_wait per turn.
  auto work = asio::make_work_guard(io_);
  using clock = std::chrono::steady_clock;
  auto next = clock::now();
  const auto period = std::chrono::milliseconds(std::max<uint32_t>(ctx_.config->timer_resol_ms, 1));
  // With media the tick is a packet's send time: epoll_wait's timeout is in
  // whole milliseconds (up to one late), an Asio timer's timerfd is not.
  asio::steady_timer tick_timer(io_);
  bool tick_armed = false;
  while (!stopped_) {
    auto now = clock::now();
    if (now >= next) {
      // How late the tick runs: a busy generator shows here first.
      auto lag = static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(now - next).count());
      if (lag > max_tick_lag_ms.load(std::memory_order_relaxed)) {
        max_tick_lag_ms.store(lag, std::memory_order_relaxed);
      }
      if (lag > recent_tick_lag_ms.load(std::memory_order_relaxed)) {
        recent_tick_lag_ms.store(lag, std::memory_order_relaxed); // taken with exchange(0)
      }
      tick(steady_ms());
      next += period;
      if (next <= now) {
        next = now + period; // late: no catching up in a burst
      }
      continue;
    }
    if (media_) {
      if (!tick_armed) {
        tick_armed = true;
        tick_timer.expires_at(next);
        tick_timer.async_wait([&tick_armed](const error_code &) { tick_armed = false; });
      }
      io_.run_one();
      continue;
    }
    io_.run_one_for(next - now);
  }
  tick_timer.cancel();
  // TLS and WebSocket connections say goodbye until stop_io's grace ends.
  io_.run_for(std::chrono::milliseconds(200));
  // Calls still open when the run stops are dropped with their sockets.
  ooc_.calls.reset();
  retired_.clear();
  main_.calls.reset();
}

void Shard::start_thread() {
  thread_ = std::thread([this] { loop(); });
}

void Shard::join() {
  if (thread_.joinable()) {
    thread_.join();
  }
}

} // namespace gossipper::runtime
