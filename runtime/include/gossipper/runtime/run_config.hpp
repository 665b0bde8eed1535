//===- run_config.hpp - Everything a run needs from the command line -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Filled by tools/ from SIPp's options; read by the engine. Defaults are
// SIPp 3.6.1's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/events_config.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gossipper::runtime {

/// -t: the protocol, and whether calls share one socket/connection (…One),
/// get one each (…Multi), or one per source address of the -inf file (ui).
enum class TransportMode : uint8_t {
  UdpOne,
  UdpMulti,
  UdpPerIp,
  TcpOne,
  TcpMulti,
  TlsOne,
  TlsMulti,
  WsOne,
  WsMulti,
  WssOne,
  WssMulti,
};

/// "UDP", "TCP", "TLS", "WS", "WSS": [transport], Via, the screens.
[[nodiscard]] const char *transport_name(TransportMode m);
[[nodiscard]] inline bool is_udp(TransportMode m) {
  return m == TransportMode::UdpOne || m == TransportMode::UdpMulti || m == TransportMode::UdpPerIp;
}
[[nodiscard]] inline bool is_multisocket(TransportMode m) {
  return m == TransportMode::UdpMulti || m == TransportMode::UdpPerIp ||
         m == TransportMode::TcpMulti || m == TransportMode::TlsMulti ||
         m == TransportMode::WsMulti || m == TransportMode::WssMulti;
}
/// A stream transport whose client calls all share one connection.
[[nodiscard]] inline bool is_single_connection(TransportMode m) {
  return m == TransportMode::TcpOne || m == TransportMode::TlsOne || m == TransportMode::WsOne ||
         m == TransportMode::WssOne;
}
[[nodiscard]] inline bool uses_tls(TransportMode m) {
  return m == TransportMode::TlsOne || m == TransportMode::TlsMulti || m == TransportMode::WssOne ||
         m == TransportMode::WssMulti;
}
[[nodiscard]] inline bool is_websocket(TransportMode m) {
  return m == TransportMode::WsOne || m == TransportMode::WsMulti || m == TransportMode::WssOne ||
         m == TransportMode::WssMulti;
}

/// -cid_type: how client calls' Call-IDs are made (SIPp after 3.6.1).
enum class CallIdMode : uint8_t {
  Format,      ///< -cid_str's %u %p %s %r
  Uuid,        ///< a version-4 UUID @ local IP
  UuidCompact, ///< the same, without dashes
  Random,      ///< call number - 32 hex digits @ local IP
  Timestamp,   ///< epoch µs - call number - pid @ local IP
};

/// SIPp's -watchdog_* options: the event loop checks it ran on time.
struct WatchdogOptions {
  uint64_t interval_ms = 400; ///< 0: no watchdog
  uint64_t reset_ms = 600000;
  uint64_t minor_threshold_ms = 500;
  uint64_t major_threshold_ms = 3000;
  int minor_maxtriggers = 120; ///< -1: never ends the run
  int major_maxtriggers = 10;
};

/// -tls_*: SIPp's TLS options and ours.
struct TlsOptions {
  std::string cert = "cacert.pem"; ///< -tls_cert (SIPp's default)
  std::string key = "cakey.pem";   ///< -tls_key
  std::string ca;                  ///< -tls_ca: verify the peer against it
  std::string crl;                 ///< -tls_crl: and check revocation
  std::string version;             ///< -tls_version 1.0..1.3 (empty: negotiate)
  bool skip_verify = false;        ///< -tls_skip_verify: never verify
  std::string sni;                 ///< -tls_sni (default: the remote host when a name)
  /// -tls_handshake_threads: TLS handshakes run on this many threads of
  /// their own (0: on the shard that owns the connection; unset: half the
  /// cores, at least one — one thread makes ~2,000 TLS 1.3 handshakes a
  /// second, which a big machine's shards would outrun).
  std::optional<unsigned> handshake_threads;
};

/// -hep_*: every SIP message mirrored to a Homer capture server (HEP3).
struct HepOptions {
  enum class Transport : uint8_t { Udp, Tcp, Tls };
  std::string host; ///< -hep_addr HOST:PORT (empty: no mirroring)
  uint16_t port = 0;
  Transport transport = Transport::Udp; ///< -hep_transport
  uint32_t capture_id = 2001;           ///< -hep_capture_id (chunk 0x000c)
  std::string password;                 ///< -hep_password: the auth key chunk
  std::string node_name;                ///< -hep_node_name: chunk 0x0013
  /// -hep_queue: the bytes each shard may hold waiting to be sent.
  uint32_t queue_bytes = 4U << 20;
  /// -udp_gso: over UDP, packets of one size leave as one segmented send.
  bool segmented = false;
  [[nodiscard]] bool on() const { return !host.empty(); }
};

/// SIPp's -default_behaviors bits.
struct DefaultBehaviors {
  bool bye = true;
  bool abort_unexpected = true;
  bool ping_reply = true;
};

/// An instance of an extended 3PCC flow (-slave_cfg / -cmd_peers line).
struct CommandPeerAddress {
  std::string name;
  std::string ip;
  uint16_t port = 0;
};

struct RunConfig {
  std::string scenario_name;   ///< -sn name or -sf base name, for files and screens
  bool trace_err = false;      ///< -trace_err
  std::string error_file;      ///< -error_file (default <scenario>_<pid>_errors.log)
  bool error_overwrite = true; ///< -error_overwrite
  // -trace_msg, -trace_shortmsg, -trace_logs and their file options.
  bool trace_msg = false;
  std::string message_file;
  bool message_overwrite = true;
  bool trace_shortmsg = false;
  std::string shortmessage_file;
  bool shortmessage_overwrite = true;
  // -trace_stat: SIPp's statistics CSV.
  bool trace_stat = false;
  std::string stat_file;            ///< -stf
  uint64_t stat_period_ms = 60000;  ///< -fd
  std::string stat_delimiter = ";"; ///< -stat_delimiter
  bool periodic_rtd = false;        ///< -periodic_rtd
  bool trace_counts = false;        ///< -trace_counts
  bool trace_screen = false;        ///< -trace_screen
  bool trace_error_codes = false;   ///< -trace_error_codes
  bool trace_media = false;         ///< -trace_media: our media CSV
  double global_lost = 0;           ///< -lost: percent of messages lost by default
  bool trace_calldebug = false;     ///< -trace_calldebug
  std::string calldebug_file;       ///< -calldebug_file
  bool calldebug_overwrite = true;  ///< -calldebug_overwrite
  std::string screen_file;          ///< -screen_file
  bool screen_overwrite = true;     ///< -screen_overwrite
  std::string summary_json;         ///< -summary_json FILE
  std::string junit;                ///< -junit FILE
  // Health gates: a run that breaks one exits 2.
  std::optional<double> health_max_failed_ratio;
  std::optional<double> health_max_p99_ms;
  std::optional<double> health_min_calls;
  std::optional<double> health_min_mos;        ///< the worst measured stream's MOS
  std::optional<double> health_max_loss_ratio; ///< RTP lost / expected, over the streams
  bool trace_rtt = false;                      ///< -trace_rtt
  EventsConfig events;     ///< -log_*: the structured events (docs/observability.md)
  uint32_t rtt_freq = 200; ///< -rtt_freq: samples kept before they are written
  /// -max_log_size, -ringbuffer_size, -ringbuffer_files.
  uint64_t max_log_size = 0;
  uint64_t ringbuffer_size = 0;
  uint32_t ringbuffer_files = 0;
  bool trace_logs = false;
  std::string log_file;
  bool log_overwrite = true;
  TransportMode transport = TransportMode::UdpOne;
  bool server_mode = false; ///< the scenario starts with a recv (SIPp's creationMode)

  // Addresses.
  std::string remote_host; ///< as given (for [remote_host])
  std::string remote_ip;   ///< resolved, numeric
  uint16_t remote_port = 5060;
  bool have_remote = false;
  std::string local_ip;    ///< -i, else the address used to reach the peer
  uint16_t local_port = 0; ///< -p (0: SIPp's 5060..5119 search)
  bool bind_local = false;
  std::string media_ip;         ///< -mi, else local_ip
  uint16_t media_port = 6000;   ///< [media_port]: -min_rtp_port, or where -rtp_echo bound
  uint16_t min_rtp_port = 6000; ///< -min_rtp_port, -mp
  uint16_t max_rtp_port = 65535;
  bool rtp_echo = false;           ///< -rtp_echo
  uint32_t media_bufsize = 2048;   ///< -mb: the largest media datagram read
  uint8_t rtp_payload = 8;         ///< -rtp_payload: rtp_stream's default payload type
  uint32_t rtp_buffsize = 0;       ///< -rtp_buffsize: media sockets' buffers (0: the system's)
  double audio_tolerance = 1.0;    ///< -audiotolerance: rtpcheck's share of bad echoes
  double video_tolerance = 1.0;    ///< -videotolerance
  std::string dtls_cert, dtls_key; ///< -dtls_cert, -dtls_key: ours (empty: one made per run)
  bool rtpcheck_debug = false;     ///< -rtpcheck_debug: rtpcheck's files
  bool srtpcheck_debug = false;    ///< -srtpcheck_debug: the SRTP events' file
  std::string tdm_map;             ///< -tdmmap {x1-x2}{h}{y1-y2}{z1-z2}
  /// -3pcc HOST:PORT: the twin controller (resolved to an address).
  std::string twin_host;
  uint16_t twin_port = 0;
  /// Extended 3PCC: this instance's name and every instance's address.
  std::string command_name;
  std::vector<CommandPeerAddress> command_peers;
  std::optional<std::string> rsa_host; ///< -rsa
  uint16_t rsa_port = 0;

  // Identity.
  std::string service = "service";
  std::string auth_user; ///< -au (default: service)
  std::string auth_password = "password";
  std::string auth_uri;
  uint32_t base_cseq = 1;
  std::string cid_str = "%u-%p@%s";
  CallIdMode cid_type = CallIdMode::Format; ///< -cid_type
  /// -dynamicStart, -dynamicMax, -dynamicStep: the [dynamic_id] counter.
  int64_t dynamic_start = 10000;
  int64_t dynamic_max = 10000 + 2000 * 4;
  int64_t dynamic_step = 4;
  bool callid_slash_ign = false;
  std::map<std::string, std::string> keys;        ///< -key
  std::map<std::string, std::string> set_globals; ///< -set

  // Load.
  double rate = 10.0;           ///< calls per rate_period
  double rate_period_ms = 1000; ///< -rp
  double rate_scale = 1.0;
  double rate_increase = 0.0;
  double rate_interval_s = 60;
  double rate_max = 0.0;
  bool no_rate_quit = false;
  /// -overload_control: hold the offered rate at what the run serves when
  /// it is saturated (docs/overload.md).
  bool overload_control = true;
  uint64_t max_calls = 0;         ///< -m (0: unlimited)
  uint64_t call_limit = 0;        ///< -l (0: SIPp's formula)
  int64_t users = -1;             ///< -users (-1: rate mode)
  uint32_t default_pause_ms = 0;  ///< -d
  uint64_t global_timeout_ms = 0; ///< -timeout
  bool timeout_error = false;

  // Sharded runs (docs/sharding.md): this process is shard `shard_index` of
  // `shard_count`, and takes that share of the rate, -m, -l and the -inf
  // rows; the options above keep the totals the user gave.
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
  uint64_t start_at_ms = 0; ///< -start_at: wall-clock ms since the epoch (0: now)
  [[nodiscard]] bool sharded() const { return shard_count > 1; }

  // Timers and retransmissions.
  uint32_t recv_timeout_ms = 0;
  uint32_t send_timeout_ms = 0;
  uint32_t t2_ms = 4000;
  uint32_t max_invite_retrans = 5;
  uint32_t max_non_invite_retrans = 9;
  uint32_t max_retrans = 9;
  bool retrans_enabled = true; ///< -nr clears it
  bool rtcheck_loose = false;
  uint32_t deadcall_wait_ms = 33000;
  DefaultBehaviors behaviors;
  bool auto_answer = false; ///< -aa
  bool pause_msg_ign = false;

  // Sockets.
  uint32_t buff_size = 65536;
  /// -udp_gso: u1's datagrams for one peer with one size leave as one
  /// segmented send (UDP GSO), and a peer's are read coalesced (UDP GRO).
  bool udp_gso = false;
  uint32_t max_socket = 50000;
  bool skip_rlimit = false; ///< -skip_rlimit: leave the open-file limit alone
  TlsOptions tls;
  std::string ip_field_file; ///< -t ui: the -inf file holding the source addresses
  int ip_field = -1;         ///< -ip_field: their column
  int max_reconnect = 0;
  bool reconnect_close = true;
  uint32_t reconnect_sleep_ms = 1000;

  // Threads and their event loops.
  unsigned threads = 1;
  WatchdogOptions watchdog;
  uint32_t timer_resol_ms = 1;     ///< -timer_resol: the loop's tick
  uint32_t max_recv_loops = 1000;  ///< datagrams read from a socket per turn
  uint32_t max_sched_loops = 1000; ///< calls woken per tick

  // Control.
  std::string control_ip;    ///< -ci
  uint16_t control_port = 0; ///< -cp (0: 8888..8947)
  bool no_stdin = false;
  uint32_t refresh_ms = 1000; ///< -f

  // Observability.
  HepOptions hep;

  // Process.
  uint32_t pid = 0;
  std::string version = "gossipper";
};

/// The -tls_sni default: the remote host when it is a name, not an address.
[[nodiscard]] std::string default_server_name(const std::string &remote_host);

} // namespace gossipper::runtime
