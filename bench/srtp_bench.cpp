// Google Benchmark: the cost of SRTP per packet and of a DTLS-SRTP handshake,
// ours against bare libsrtp2 (the secure-media issue's speed section).
//
//   bare/<suite>/N  libsrtp2's C API, nothing of ours: srtp_protect then
//              srtp_unprotect of one 172-byte RTP packet (12-byte header,
//              160 bytes of PCMU: 20 ms of G.711), each packet through the
//              next of N live streams in turn
//   ours/<suite>/N  the same through SrtpSession, as the media engine does
//              it: the packet copied into a reused std::string, protected
//              there, then unprotected in place
//   session/.. SrtpSession::make (libsrtp's key derivation), once per call
//              and direction
//   dtls_handshake  two DtlsSession objects in memory, their datagrams handed
//              to each other until both are keyed (no socket, no timer)
//
// items_per_second is per CPU second of the benchmark's one thread: packets
// (each protected once and unprotected once, what one leg of an echoed call
// costs the two ends together), sessions, or handshakes with both ends in the
// one thread. After the runs the program prints ours/bare for each suite and
// N (the goal: 0.8 or more, our path within 20% of bare libsrtp2), from the
// medians when repetitions are asked for. `make bench-srtp` runs it with
// repetitions interleaved, as this machine is shared. docs/benchmarks.md
// ("SRTP") has the figures and what Debian's NSS backend does with N.
#include "media/dtls_identity.hpp"
#include "media/dtls_session.hpp"
#include "media/sdes_attribute.hpp"
#include "media/srtp_session.hpp"

#include <benchmark/benchmark.h>
#include <nss.h>
#include <srtp2/srtp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using gossipper::runtime::media::DtlsIdentity;
using gossipper::runtime::media::DtlsSession;
using gossipper::runtime::media::Fingerprint;
using gossipper::runtime::media::SdesCrypto;
using gossipper::runtime::media::SrtpSession;
using gossipper::runtime::media::SrtpSuite;

constexpr size_t kHeader = 12;
constexpr size_t kPayload = 160;

/// A packet as our rtp_stream sends the built-in uac_media's tone: version 2,
/// PT 0, one SSRC; the payload's bytes vary so nothing is all zeros.
std::string rtp_packet() {
  std::string p = {'\x80', '\x00', '\x00', '\x01', '\x00', '\x00',
                   '\x00', '\xa0', '\x47', '\x53', '\x49', '\x50'};
  for (size_t i = 0; i < kPayload; ++i) {
    p += static_cast<char>(0x80 ^ (i * 7));
  }
  return p;
}

/// Each packet needs a new sequence number: the receiver's replay window
/// refuses one it has seen. libsrtp follows the wrap at 65,536 (its ROC).
void set_sequence(void *packet, uint16_t seq) {
  auto *p = static_cast<unsigned char *>(packet);
  p[2] = static_cast<unsigned char>(seq >> 8);
  p[3] = static_cast<unsigned char>(seq & 0xff);
}

/// A fixed master key and salt of the suite's length (any bytes do).
SdesCrypto crypto(SrtpSuite suite) {
  SdesCrypto c;
  c.tag = 1;
  c.suite = suite;
  for (size_t i = 0; i < gossipper::runtime::media::srtp_master_length(suite); ++i) {
    c.master += static_cast<char>(0x11 + i * 13);
  }
  return c;
}

//===----------------------------------------------------------------------===//
// Bare libsrtp2
//===----------------------------------------------------------------------===//

/// One direction, made straight with libsrtp's API and the policy our wrapper
/// gives it (window 128, repeats allowed on the sending side), so that the
/// two differ only by what the wrapper adds.
srtp_t bare_session(SrtpSuite suite, bool outbound) {
  // libsrtp is started once per process, and a second srtp_init() fails
  // (its debug module is already loaded): the wrapper's make() starts it.
  static const bool started =
      SrtpSession::make(crypto(suite), SrtpSession::Direction::Outbound).ok();
  if (!started) {
    return nullptr;
  }
  srtp_policy_t policy{};
  if (suite == SrtpSuite::AeadAes128Gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  }
  std::string key = crypto(suite).master;
  policy.key = reinterpret_cast<unsigned char *>(key.data()); // NOLINT: libsrtp's API
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.window_size = 128;
  policy.allow_repeat_tx = outbound ? 1 : 0;
  srtp_t ctx = nullptr;
  return srtp_create(&ctx, &policy) == srtp_err_status_ok ? ctx : nullptr;
}

/// One stream's two ends, made straight with libsrtp's API.
struct BarePair {
  srtp_t tx = nullptr, rx = nullptr;
  uint16_t seq = 0;
};

/// The rest of a call's state, made between its sessions as a running engine
/// does. Debian's libsrtp2 runs on NSS, which walks lists of every live key
/// and context for each packet: how far apart they lie in the heap decides
/// much of what a packet costs with many streams, so both paths get the same
/// layout (2 KB after each session; our uac holds some 6 KB per stream).
class CallState {
public:
  void add() { blocks_.push_back(std::make_unique<char[]>(2048)); }

private:
  std::vector<std::unique_ptr<char[]>> blocks_;
};

/// range(0) streams live at once, as the engine holds a session pair per
/// call: each packet goes through the next one in turn. With one, libsrtp's
/// cost alone; with many, also what its crypto backend pays per live key.
void bare(benchmark::State &state, SrtpSuite suite) {
  std::vector<BarePair> pairs(static_cast<size_t>(state.range(0)));
  CallState calls;
  for (BarePair &p : pairs) {
    p.tx = bare_session(suite, true);
    calls.add();
    p.rx = bare_session(suite, false);
    calls.add();
    if (p.tx == nullptr || p.rx == nullptr) {
      state.SkipWithError("libsrtp refused the policy");
      break;
    }
  }
  const std::string plain = rtp_packet();
  // libsrtp writes its trailer past the packet: the buffer has room for it.
  alignas(16) std::array<unsigned char, kHeader + kPayload + SRTP_MAX_TRAILER_LEN> buf{};
  size_t next = 0;
  for (auto _ : state) {
    BarePair &p = pairs[next];
    next = next + 1 == pairs.size() ? 0 : next + 1;
    // The copy is in both paths: a packet of a shared file is never
    // protected where it lies.
    std::memcpy(buf.data(), plain.data(), plain.size());
    set_sequence(buf.data(), ++p.seq);
    int len = static_cast<int>(plain.size());
    if (srtp_protect(p.tx, buf.data(), &len) != srtp_err_status_ok ||
        srtp_unprotect(p.rx, buf.data(), &len) != srtp_err_status_ok) {
      state.SkipWithError("libsrtp refused a packet");
      break;
    }
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  for (BarePair &p : pairs) {
    if (p.tx != nullptr) {
      srtp_dealloc(p.tx);
    }
    if (p.rx != nullptr) {
      srtp_dealloc(p.rx);
    }
  }
}

//===----------------------------------------------------------------------===//
// Our wrapper
//===----------------------------------------------------------------------===//

struct OurPair {
  std::unique_ptr<SrtpSession> tx, rx;
  uint16_t seq = 0;
};

/// bare(), through SrtpSession.
void ours(benchmark::State &state, SrtpSuite suite) {
  std::vector<OurPair> pairs(static_cast<size_t>(state.range(0)));
  CallState calls;
  for (OurPair &p : pairs) {
    auto tx = SrtpSession::make(crypto(suite), SrtpSession::Direction::Outbound);
    calls.add();
    auto rx = SrtpSession::make(crypto(suite), SrtpSession::Direction::Inbound);
    calls.add();
    if (!tx || !rx) {
      state.SkipWithError("SrtpSession::make failed");
      return;
    }
    p.tx = std::move(*tx);
    p.rx = std::move(*rx);
  }
  const std::string plain = rtp_packet();
  // The engine's protected_ buffer: one string reused for every packet.
  std::string packet;
  size_t next = 0;
  for (auto _ : state) {
    OurPair &p = pairs[next];
    next = next + 1 == pairs.size() ? 0 : next + 1;
    packet.assign(plain);
    set_sequence(packet.data(), ++p.seq);
    if (p.tx->protect(packet, false) != SrtpSession::Status::Ok ||
        p.rx->unprotect(packet, false) != SrtpSession::Status::Ok) {
      state.SkipWithError("SrtpSession refused a packet");
      break;
    }
    benchmark::DoNotOptimize(packet.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

/// What a call pays once per direction before its first packet, while other
/// calls hold sessions. Debian's libsrtp2 runs on NSS, which it starts with
/// its first cipher and shuts down (dlclose and all) with its last: a session
/// made when none lives costs some forty times more.
void session(benchmark::State &state, SrtpSuite suite) {
  const SdesCrypto c = crypto(suite);
  auto other_call = SrtpSession::make(c, SrtpSession::Direction::Inbound);
  for (auto _ : state) {
    auto s = SrtpSession::make(c, SrtpSession::Direction::Outbound);
    if (!s) {
      state.SkipWithError("SrtpSession::make failed");
      break;
    }
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}

//===----------------------------------------------------------------------===//
// DTLS-SRTP
//===----------------------------------------------------------------------===//

/// CPU time of this thread: the two ends' shares of a handshake.
double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// Hands each side's datagrams to the other until neither has any, as
/// dtls_session_test.cpp does; each side's CPU time is added to its own.
void shuttle(DtlsSession &client, DtlsSession &server, double &client_s, double &server_s) {
  std::vector<std::string> to_server, to_client;
  double t0 = thread_seconds();
  client.start(to_server);
  client_s += thread_seconds() - t0;
  for (int round = 0; round < 20 && !(to_server.empty() && to_client.empty()); ++round) {
    std::vector<std::string> next_to_client, next_to_server;
    t0 = thread_seconds();
    for (const std::string &d : to_server) {
      server.on_datagram(d, next_to_client);
    }
    double t1 = thread_seconds();
    for (const std::string &d : to_client) {
      client.on_datagram(d, next_to_server);
    }
    server_s += t1 - t0;
    client_s += thread_seconds() - t1;
    to_server = std::move(next_to_server);
    to_client = std::move(next_to_client);
  }
}

void dtls_handshake(benchmark::State &state) {
  // One identity per run and side, as each process makes one at start.
  auto a = DtlsIdentity::generate();
  auto b = DtlsIdentity::generate();
  if (!a || !b) {
    state.SkipWithError("no DTLS identity");
    return;
  }
  Fingerprint fa = *gossipper::runtime::media::read_fingerprint((*a)->fingerprint());
  Fingerprint fb = *gossipper::runtime::media::read_fingerprint((*b)->fingerprint());
  double client_s = 0, server_s = 0;
  for (auto _ : state) {
    auto client = DtlsSession::make(**a, DtlsSession::Role::Client, fb);
    auto server = DtlsSession::make(**b, DtlsSession::Role::Server, fa);
    if (!client || !server) {
      state.SkipWithError("DtlsSession::make failed");
      break;
    }
    shuttle(**client, **server, client_s, server_s);
    if ((*client)->state() != DtlsSession::State::Keyed ||
        (*server)->state() != DtlsSession::State::Keyed) {
      state.SkipWithError("the handshake did not key both sides");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  // Per handshake, in microseconds of CPU, what each end pays: in our
  // built-ins the uas answers a=setup:active and is the client, the uac the
  // server. make() and the destructors are in neither.
  auto n = static_cast<double>(state.iterations());
  state.counters["client_us"] = benchmark::Counter(n > 0 ? client_s * 1e6 / n : 0);
  state.counters["server_us"] = benchmark::Counter(n > 0 ? server_s * 1e6 / n : 0);
}

//===----------------------------------------------------------------------===//
// Ratios
//===----------------------------------------------------------------------===//

/// The console's report, plus each benchmark's items_per_second (the median
/// when there are repetitions) for the ratios printed at the end.
class RatioReporter : public benchmark::ConsoleReporter {
public:
  // Colours for a terminal only, as the library's own reporter does.
  RatioReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular) {}

  void ReportRuns(const std::vector<Run> &reports) override {
    ConsoleReporter::ReportRuns(reports);
    for (const Run &r : reports) {
      bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
      bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      auto it = r.counters.find("items_per_second");
      if ((single || median) && !r.error_occurred && it != r.counters.end()) {
        std::string name = r.run_name.function_name; // "ours/<suite>"
        rates_[r.run_name.args.empty() ? name : name + "/" + r.run_name.args] = it->second.value;
      }
    }
  }

  void print_ratios() const {
    // With one stream or a hundred, the ratio is the wrapper's; beyond, NSS's
    // list walks take over, whose speed depends on the heap's layout.
    std::printf("\nours / bare libsrtp2, packets per CPU second (goal: 0.80 or more; "
                "from 1,000 streams NSS's lists of live keys dominate both)\n");
    for (const char *suite : {"aes_cm_128_hmac_sha1_80", "aead_aes_128_gcm"}) {
      for (const char *streams : {"1", "100", "1000", "3000"}) {
        auto o = rates_.find(std::string("ours/") + suite + "/" + streams);
        auto b = rates_.find(std::string("bare/") + suite + "/" + streams);
        if (o != rates_.end() && b != rates_.end() && b->second > 0) {
          std::printf("  %-24s %4s streams  %.3f  (%.0f vs %.0f packets/s)\n", suite, streams,
                      o->second / b->second, o->second, b->second);
        }
      }
    }
    auto h = rates_.find("dtls_handshake");
    if (h != rates_.end()) {
      std::printf("DTLS-SRTP handshakes per CPU second, both ends in one thread: %.0f\n",
                  h->second);
    }
  }

private:
  std::map<std::string, double> rates_;
};

} // namespace

// 1 stream, and as many as a uac of 1,000 calls holds (a pair per call).
// 1 stream, and as many as a process of 100, 1,000 and 3,000 calls holds.
BENCHMARK_CAPTURE(bare, aes_cm_128_hmac_sha1_80, SrtpSuite::AesCm128HmacSha1_80)
    ->Arg(1)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(3000);
BENCHMARK_CAPTURE(ours, aes_cm_128_hmac_sha1_80, SrtpSuite::AesCm128HmacSha1_80)
    ->Arg(1)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(3000);
BENCHMARK_CAPTURE(bare, aead_aes_128_gcm, SrtpSuite::AeadAes128Gcm)
    ->Arg(1)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(3000);
BENCHMARK_CAPTURE(ours, aead_aes_128_gcm, SrtpSuite::AeadAes128Gcm)
    ->Arg(1)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(3000);
BENCHMARK_CAPTURE(session, aes_cm_128_hmac_sha1_80, SrtpSuite::AesCm128HmacSha1_80);
BENCHMARK(dtls_handshake)->Unit(benchmark::kMicrosecond);

/// --nss_full_tables: NSS started by us first, without the small tables
/// libsrtp2's NSS backend asks for (NSS_INIT_OPTIMIZESPACE), and held for
/// the run; libsrtp's own NSS_InitContext calls then only count references.
/// What its per-packet cost with many live streams owes to those tables.
bool take_nss_flag(int &argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--nss_full_tables") == 0) {
      std::copy(argv + i + 1, argv + argc, argv + i);
      --argc;
      return true;
    }
  }
  return false;
}

int main(int argc, char **argv) {
  if (take_nss_flag(argc, argv) &&
      NSS_InitContext("", "", "", "", nullptr,
                      NSS_INIT_READONLY | NSS_INIT_NOCERTDB | NSS_INIT_NOMODDB |
                          NSS_INIT_FORCEOPEN) == nullptr) {
    std::fprintf(stderr, "srtp_bench: NSS_InitContext failed\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
