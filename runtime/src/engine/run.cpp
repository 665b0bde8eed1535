//===- run.cpp - A whole test run -----------------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "engine/run.hpp"

#include "control/signals.hpp"
#include "engine/run_loop.hpp"
#include "events/event_exporter.hpp"
#include "gossipper/runtime/exit_code.hpp"
#include "gossipper/runtime/run_share.hpp"
#include "sip/call_routing.hpp"
#include "stats/run_report.hpp"
#include "time/clock.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <malloc.h>
#include <thread>
#include <unistd.h>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

Run::Run(const RunConfig &cfg, const ir::Scenario &scenario, const ir::TemplateTable &templates,
         const gsp_program *program)
    : cfg_(cfg),
      main_(cfg, scenario, templates, program), dynamic_id_{cfg.dynamic_start, cfg.dynamic_max,
                                                            cfg.dynamic_step},
      watchdog_(cfg.watchdog), rate_(cfg, pause_total_ms(scenario, cfg.default_pause_ms)),
      traces_(cfg), statistics_(cfg, scenario) {
  main_.ctx.next_number = &next_number_;
  main_.ctx.dynamic_id = &dynamic_id_;
  main_.ctx.observers = &traces_.observers();
  if (cfg.users >= 0) {
    users_total_.store(static_cast<uint32_t>(cfg.users));
    users_ = std::make_unique<UserPool>(static_cast<uint32_t>(
        shard_amount(static_cast<uint64_t>(cfg.users), cfg.shard_index, cfg.shard_count)));
  }
  state_.rate.store(cfg.rate);
  state_.call_limit.store(cfg.call_limit != 0 ? cfg.call_limit
                                              : rate_.default_call_limit(cfg.rate));
}

Run::~Run() {
  for (auto &s : shards_) {
    s->join();
  }
  for (int fd : {echo_sockets_.audio, echo_sockets_.video}) {
    if (fd >= 0) {
      ::close(fd); // never adopted: open() failed first
    }
  }
  if (main_socket_.fd >= 0) {
    ::close(main_socket_.fd);
  }
}

void Run::set_injection_files(InjectionFiles files) {
  main_.ctx.injection_files = std::move(files);
  if (ooc_) {
    ooc_->ctx.injection_files = main_.ctx.injection_files;
  }
}

void Run::set_media(std::shared_ptr<const MediaFiles> files, EchoSockets echo) {
  media_files_ = std::move(files);
  main_.ctx.media_files = media_files_.get();
  echo_sockets_ = echo;
}

void Run::set_tdm_map(TdmMap map) {
  tdm_map_.emplace(std::move(map));
  main_.ctx.tdm_map = &*tdm_map_;
}

void Run::set_out_of_call(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                          const gsp_program *program) {
  ooc_ = std::make_unique<ScenarioRun>(cfg_, scenario, templates, program);
  ooc_->ctx.next_number = &next_number_;
  ooc_->ctx.dynamic_id = &dynamic_id_;
  ooc_->ctx.injection_files = main_.ctx.injection_files;
  ooc_->ctx.observers = &traces_.observers();
}

//===----------------------------------------------------------------------===//
// Before any traffic
//===----------------------------------------------------------------------===//

Expected<void> Run::open() {
  for (const auto &[name, value] : cfg_.set_globals) {
    // SIPp sets every <Global> of that name and refuses a name none declares.
    bool in_main = main_.variables.set_global(name, value);
    bool in_ooc = ooc_ && ooc_->variables.set_global(name, value);
    if (!in_main && !in_ooc) {
      return Error{"Can not set the global variable " + name + ", because it does not exist.",
                   kExitFailedCalls}; // SIPp exits 1 here
    }
  }
  // Opened before any traffic, as SIPp opens them (an unwritable name stops
  // the run there).
  if (Expected<void> opened = traces_.open(); !opened) {
    return Error{opened.error().message, kExitFatal};
  }
  if (Expected<void> opened = statistics_.open(); !opened) {
    return Error{opened.error().message, kExitFatal};
  }
  if (Expected<void> opened = open_events(); !opened) {
    return opened;
  }
  if (Expected<void> opened = open_rtpcheck_debug(); !opened) {
    return Error{opened.error().message, kExitFatal};
  }
  if (Expected<void> opened = open_srtp_debug(); !opened) {
    return Error{opened.error().message, kExitFatal};
  }
  main_.ctx.call_debug = traces_.call_debug();
  main_.ctx.error_codes = statistics_.error_codes();
  main_.ctx.rtt = statistics_.rtt();
  main_.ctx.rtt_origin_us = statistics_.rtt_origin_us();
  if (uses_tls(cfg_.transport)) {
    Expected<std::unique_ptr<TlsContexts>> tls = TlsContexts::make(cfg_.tls, cfg_.server_mode);
    if (!tls) {
      return Error{tls.error().message, kExitFatal};
    }
    tls_ = *std::move(tls);
    unsigned pool_threads =
        cfg_.tls.handshake_threads.value_or(std::max(1U, std::thread::hardware_concurrency() / 2));
    if (pool_threads > 0) {
      handshake_pool_ = std::make_unique<TlsHandshakePool>(
          pool_threads, [tls = tls_.get()](SSL *ssl) { tls->prepare_client(ssl); });
      tls_->use_handshake_pool(handshake_pool_.get());
    }
  }
  Expected<MainSocket> socket = bind_main_socket(cfg_, bind_address());
  if (!socket) {
    return socket.error();
  }
  main_socket_ = *socket;
  if (Expected<void> control = control_socket_.open(cfg_); !control) {
    return control;
  }
  std::vector<std::string> addresses = source_addresses();
  make_shards(thread_count(!addresses.empty()));
  if (Expected<void> hep = open_hep(); !hep) {
    return Error{hep.error().message, kExitFatal};
  }
  if (Expected<void> attached = attach_listeners(addresses); !attached) {
    return attached;
  }
  ThirdParty role = third_party_role(main_.scenario());
  if (role != ThirdParty::None) {
    if (Expected<void> linked = open_commands(role); !linked) {
      return Error{linked.error().message, kExitFatal};
    }
  }
  if (echo_sockets_.audio >= 0) {
    echo_ = std::make_unique<media::RtpEcho>(shards_[0]->io(), echo_sockets_, cfg_.media_bufsize,
                                             echo_on_, echo_counters_);
    echo_sockets_ = {};
    shards_[0]->on_tick([this](uint64_t now) { echo_->on_tick(now); });
  }
  shards_[0]->calls().run_init();
  return {};
}

Expected<void> Run::open_rtpcheck_debug() {
  // SIPp opens debugafile or debugvfile for the kinds its rtp_stream
  // actions play; ours are the run's own.
  bool audio = media_files_ != nullptr && media_files_->streams_on(false);
  bool video = media_files_ != nullptr && media_files_->streams_on(true);
  if (!cfg_.rtpcheck_debug || (!audio && !video)) {
    return {};
  }
  rtpcheck_debug_ = std::make_unique<media::RtpcheckDebug>();
  return rtpcheck_debug_->open(trace_file_name(cfg_, "", "_rtpcheck_audio.log"), audio,
                               trace_file_name(cfg_, "", "_rtpcheck_video.log"), video);
}

Expected<void> Run::open_srtp_debug() {
  // Made whenever the option is given, SRTP or not, unlike SIPp's files that
  // appear with the first keys: a file holding only its first line says no
  // stream was secured.
  if (!cfg_.srtpcheck_debug) {
    return {};
  }
  srtp_debug_ = std::make_unique<media::SrtpDebug>();
  return srtp_debug_->open(trace_file_name(cfg_, "", "_srtp.log"));
}

Expected<void> Run::open_hep() {
  if (!cfg_.hep.on()) {
    return {};
  }
  // The run's own address is the other end of every message: -i (or the
  // address toward the peer) and the main socket's port, as [local_ip] and
  // [local_port] say.
  error_code ec;
  asio::ip::address local = asio::ip::make_address(cfg_.local_ip, ec);
  if (ec) {
    local = asio::ip::address_v4::any();
  }
  HepOptions hep = cfg_.hep;
  hep.segmented = cfg_.udp_gso;
  hep_ = std::make_unique<HepExporter>(hep, asio::ip::udp::endpoint(local, main_socket_.port),
                                       [this](const std::string &text) { warn(text); });
  if (Expected<void> started = hep_->start(static_cast<unsigned>(shards_.size())); !started) {
    return started;
  }
  traces_.add_observer(hep_.get());
  return {};
}

unsigned Run::thread_count(bool source_addresses) const {
  unsigned threads = std::max(1U, cfg_.threads);
  // TCP in one connection (t1) keeps all calls on one shard, since one byte
  // stream has one reader and one writer.
  if (is_single_connection(cfg_.transport)) {
    threads = 1;
  }
  // A <Global> that calls assign is one value for every call, as in SIPp,
  // whose calls all run on one thread: so do ours, rather than lock it.
  if (ScenarioVariables::assigns_global(main_.scenario()) ||
      (ooc_ && ScenarioVariables::assigns_global(ooc_->scenario()))) {
    threads = 1;
  }
  // 3PCC: one twin connection, read and written by one thread, as t1.
  if (third_party_role(main_.scenario()) != ThirdParty::None) {
    threads = 1;
  }
  // -t ui: the main socket and the address sockets, bound to the same
  // port, are read by shard 0, which then owns their calls: one thread.
  if (source_addresses) {
    threads = 1;
  }
  return threads;
}

void Run::make_shards(unsigned threads) {
  ShardContext &c = shard_ctx_;
  c.config = &cfg_;
  c.main = &main_.ctx;
  c.ooc = ooc_ ? &ooc_->ctx : nullptr;
  c.state = &state_;
  c.watchdog = &watchdog_;
  c.tls = tls_.get();
  c.udp_fd = main_socket_.fd;
  c.main_port = main_socket_.port;
  c.warn = [this](const std::string &text) { warn(text); };
  c.wake = &RunSignals::wake;
  c.echo_on = &echo_on_;
  c.next_stream_port = &next_stream_port_;
  c.rtpcheck_debug = rtpcheck_debug_.get();
  c.srtp_debug = srtp_debug_.get();
  c.shards = threads;
  c.hand_datagram = [this](uint32_t owner, std::string_view raw,
                           const asio::ip::udp::endpoint &from) {
    shards_[owner]->hand(InboxItem::Kind::Message, raw, from);
  };
  c.versions = &versions_;
  c.generate_calls = [this](uint64_t now) { generator_->on_tick(now); };
  c.hooks.stop_gracefully = [this] {
    state_.quit.soft();
    RunSignals::wake();
  };
  c.hooks.stop_now = [this] {
    state_.stop_now.store(true);
    RunSignals::wake();
  };
  c.hooks.warning = c.warn;
  c.hooks.log = [this](const std::string &text) { traces_.log(text); };
  if (users_) {
    c.hooks.free_user = [this](uint32_t user) { users_->give_back(user); };
    c.hooks.users = [this] { return users_->users(); };
  }
  for (unsigned i = 0; i < threads; ++i) {
    shards_.push_back(std::make_unique<Shard>(i, shard_ctx_));
  }
  generator_ = std::make_unique<CallGenerator>(
      cfg_, state_, users_.get(), next_number_,
      [this](uint32_t number, std::string_view id, uint32_t user) {
        dispatch_call(number, id, user);
      },
      [this] { return open_calls(); }, &RunSignals::wake);
}

void Run::dispatch_call(uint32_t number, std::string_view call_id, uint32_t user) {
  uint32_t owner = shard_of(call_id, static_cast<uint32_t>(shards_.size()));
  if (owner != 0) {
    shards_[owner]->hand(InboxItem::Kind::NewCall, call_id, {}, number, user);
    return;
  }
  Shard &shard = *shards_[0];
  // Open before counted created (Shard::drain_inbox); shard 0's gauge, on
  // shard 0's thread: no locked add.
  shard.open_calls.store(shard.open_calls.load(std::memory_order_relaxed) + 1);
  shard.calls().start_outgoing_call(number, call_id, user);
  if (user == 0) {
    // The generator's next turn sees this call under the -l limit.
    shard.open_calls.store(shard.calls().open_calls(), std::memory_order_relaxed);
  }
}

Expected<void> Run::attach_listeners(const std::vector<std::string> &addresses) {
  Shard &shard = *shards_[0];
  if (is_udp(cfg_.transport)) {
    shard.read_shared_udp();
    if (!cfg_.server_mode && !addresses.empty()) {
      shard.sockets()->set_main_source(addresses.front());
    }
    // A ui server listens on every address at once; a client opens the
    // socket of an address at its first call.
    for (size_t i = 1; cfg_.server_mode && i < addresses.size(); ++i) {
      if (Expected<void> opened = shard.open_address_socket(addresses[i]); !opened) {
        return Error{opened.error().message, kExitFatal};
      }
    }
    return {};
  }
  if (cfg_.server_mode) {
    shard.listen_streams(asio::ip::tcp::endpoint(bind_address(), main_socket_.port));
    return {};
  }
  if (is_single_connection(cfg_.transport)) {
    return connect_client();
  }
  return {};
}

Expected<void> Run::connect_client() {
  // SIPp connects at startup and fails if it cannot; the connection made
  // here is the one the calls use (its handshake runs in the loop).
  asio::ip::tcp::endpoint peer = client_peer();
  asio::ip::tcp::socket socket(shards_[0]->io());
  error_code ec;
  socket.open(peer.protocol(), ec);
  if (!ec && cfg_.bind_local) {
    socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(cfg_.local_ip), 0), ec);
  }
  if (!ec) {
    socket.connect(peer, ec);
  }
  if (ec) {
    return Error{std::string("Unable to connect a ") + transport_name(cfg_.transport) +
                     " socket.\nUse 'sipp -h' for details",
                 kExitFatal};
  }
  shards_[0]->adopt_client(std::move(socket), peer);
  return {};
}

Expected<void> Run::open_commands(ThirdParty role) {
  Shard &shard = *shards_[0];
  // A call that the peer's command names starts here when this side waits
  // for commands first, or answers calls (SIPp's B, passive A, slave).
  if (role == ThirdParty::Listens || main_.scenario().mode == ir::Mode::Server) {
    shard.calls().set_commands_start_calls();
  }
  if (!cfg_.command_name.empty()) {
    // Extended: listen on our address of the peers file; send on connections
    // of our own to the peers the scenario names.
    const CommandPeerAddress *self = find_command_peer(cfg_, cfg_.command_name);
    if (self == nullptr) {
      return Error{"get_peer_addr: Peer " + cfg_.command_name + " not found"};
    }
    asio::ip::tcp::endpoint local(asio::ip::make_address(self->ip), self->port);
    if (Expected<void> listening = shard.twins().listen(local); !listening) {
      return listening;
    }
    return role == ThirdParty::Listens ? Expected<void>() : shard.twins().connect_peers();
  }
  if (cfg_.twin_port == 0) {
    return Error{"sendCmd/recvCmd in the scenario need -3pcc HOST:PORT"};
  }
  asio::ip::tcp::endpoint twin(asio::ip::make_address(cfg_.twin_host), cfg_.twin_port);
  return role == ThirdParty::Connects ? shard.twins().connect_twin(twin)
                                      : shard.twins().listen(twin);
}

Run::ThirdParty Run::third_party_role(const ir::Scenario &s) {
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

asio::ip::tcp::endpoint Run::client_peer() const {
  return {asio::ip::make_address(cfg_.rsa_host ? *cfg_.rsa_host : cfg_.remote_ip),
          cfg_.rsa_host ? cfg_.rsa_port : cfg_.remote_port};
}

std::vector<std::string> Run::source_addresses() const {
  std::vector<std::string> out;
  if (cfg_.transport != TransportMode::UdpPerIp || main_.ctx.injection_files.empty()) {
    return out;
  }
  const stdlib::InjectionFile &file = *main_.ctx.injection_files.front().second;
  for (long line = 0; line < file.line_count(); ++line) {
    std::string ip;
    file.append_field(line, static_cast<unsigned>(cfg_.ip_field), ip);
    if (!ip.empty() && std::find(out.begin(), out.end(), ip) == out.end()) {
      out.push_back(ip);
    }
  }
  return out;
}

asio::ip::address Run::bind_address() const {
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

//===----------------------------------------------------------------------===//
// The run
//===----------------------------------------------------------------------===//

int Run::run(std::FILE *out) {
  // Calls come and go by thousands a second: without a pad, glibc gives the
  // top of a thread's heap back and takes it again with an mprotect call
  // every few calls. The pad is address space; pages count only once used.
  mallopt(M_TOP_PAD, 16 << 20);
  RunSignals signals;
  start_ms_ = steady_ms();
  start_events();
  for (auto &s : shards_) {
    s->start_thread();
  }
  RunLoop loop(*this, signals, out);
  loop.run();
  state_.stop.store(true);
  for (auto &s : shards_) {
    s->join();
  }
  if (handshake_pool_) {
    handshake_pool_->stop();
  }
  if (echo_) {
    echo_->finish();
  }
  if (hep_) {
    hep_->stop(); // what the queues hold is sent first: the counts are final
  }
  statistics_.flush();
  traces_.flush();
  if (rtpcheck_debug_) {
    rtpcheck_debug_->flush(); // the shards' calls have ended: every stream's verdict is in
  }
  if (srtp_debug_) {
    srtp_debug_->flush(); // ... and every secure stream's end line
  }
  // One snapshot, taken when nothing moves any more, for the final screen,
  // the final CSV row and (with the reset undone) the summary.
  StatsSnapshot shown = shown_snapshot();
  loop.final_screens(shown);
  if (hep_) {
    std::fputs(hep_->final_line().c_str(), out);
  }
  stop_events(out);  // every call has ended: its events are in
  write_rows(shown); // the final row, however the run ended
  StatsSnapshot totals = collect(false, true);
  int code = kExitOk;
  bool failed = totals.get(Counter::FailedCall) > 0;
  if (state_.fatal.load()) {
    code = kExitFatal;
  } else if (state_.stop_now.load() ||
             (!failed && timeout_fired_ && totals.get(Counter::SuccessfulCall) == 0)) {
    code = kExitInternal;
  } else if (failed) {
    code = kExitFailedCalls;
  }
  if ((code == kExitOk || code == kExitFailedCalls) &&
      totals.media.get(MediaSummary::RtpcheckFailed) != 0) {
    code = kExitRtpcheck; // SIPp's RTP validation failure, before the failed calls
  }
  SummaryInput in = summary_input(totals);
  in.history = &history_;
  return write_run_reports(in, code, [this](const std::string &text) { warn(text); });
}

SummaryInput Run::summary_input(const StatsSnapshot &totals) const {
  SummaryInput in;
  in.config = &cfg_;
  in.scenario = &version_of(totals).scenario();
  in.totals = &totals;
  in.run_id = run_id_;
  in.started_us = start_wall_us_;
  in.finished_us = wall_us();
  for (const auto &shard : shards_) {
    in.load.max_timer_lag_ms = std::max(in.load.max_timer_lag_ms, shard->max_tick_lag_ms.load());
    in.load.send_drops += shard->sockets()->send_drops();
    in.load.send_errors += shard->sockets()->send_errors();
  }
  if (cfg_.udp_gso) {
    in.load.udp_segmented = 0;
    for (const auto &shard : shards_) {
      in.load.udp_segmented += static_cast<int64_t>(shard->sockets()->send_segmented());
    }
  }
  if (hep_) {
    in.hep = hep_->totals();
  }
  if (events_) {
    in.events = events_->totals();
  }
  in.load.receive_drops = socket_receive_drops(main_socket_.fd); // -1 without a UDP socket
  {
    OverloadController o = overload_now();
    in.load.overload_control = o.holds();
    in.load.saturated_ms = o.saturated_ms();
    in.load.overload_cuts = o.cuts();
    in.load.lowest_offered_rate = o.lowest_cap() * 1000.0 / cfg_.rate_period_ms;
  }
  if (tls_) {
    in.load.tls_handshakes = static_cast<int64_t>(tls_->handshakes());
    in.load.tls_resumed = static_cast<int64_t>(tls_->resumed());
    in.load.tls_pooled = handshake_pool_ ? static_cast<int64_t>(handshake_pool_->completed()) : 0;
  }
  if (scrapes_ && scrapes_->shown()) {
    in.scrapes_served = static_cast<int64_t>(scrapes_->served.load(std::memory_order_relaxed));
    in.scrapes_failed = static_cast<int64_t>(scrapes_->failed.load(std::memory_order_relaxed));
  }
  return in;
}

void Run::write_rows(const StatsSnapshot &shown) {
  StatCsv::Clock clock;
  clock.users = users_ != nullptr;
  clock.target_rate = users_ != nullptr ? static_cast<double>(users_->users()) : state_.rate.load();
  // Under the reset lock: "reset stats" rebases the stat file's last row.
  std::lock_guard lock(reset_mu_);
  clock.start_us = shown_start_wall_us_;
  statistics_.write_row(shown, clock, start_wall_us_);
}

uint64_t Run::open_calls() const {
  uint64_t open = 0;
  for (const auto &s : shards_) {
    open += s->open_calls.load(std::memory_order_relaxed);
  }
  return open;
}

StatsSnapshot Run::collect(bool ooc, bool with_histograms) const {
  uint32_t version = versions_.current();
  StatsSnapshot s = empty_snapshot(ooc ? ooc_->scenario() : versions_.run(version).scenario());
  s.scenario_version = ooc ? 0 : version;
  uint32_t staged = versions_.staged();
  for (const auto &shard : shards_) {
    if (ooc) {
      if (const Stats *st = shard->ooc_stats()) {
        add_shard_stats(s, *st, with_histograms);
      }
    } else {
      for (uint32_t v = 0; v <= staged; ++v) {
        if (const Stats *st = shard->stats_of(v)) {
          add_shard_stats(s, *st, with_histograms, v == version);
        }
      }
    }
    if (!ooc) {
      shard->media().add_to(s.media);
    }
    s.open_calls +=
        (ooc ? shard->ooc_open_calls : shard->open_calls).load(std::memory_order_relaxed);
  }
  if (!ooc) {
    echo_counters_.add_to(s.media);
  }
  return s;
}

StatsSnapshot Run::shown_snapshot() const {
  StatsSnapshot s = collect(false, false);
  std::lock_guard lock(reset_mu_);
  s.subtract_cumulative(reset_base_);
  return s;
}

uint64_t Run::call_tasks() const {
  uint64_t calls = 0;
  for (const auto &shard : shards_) {
    calls += shard->open_calls.load(std::memory_order_relaxed) +
             shard->dead_calls.load(std::memory_order_relaxed);
  }
  return calls;
}

} // namespace gossipper::runtime
