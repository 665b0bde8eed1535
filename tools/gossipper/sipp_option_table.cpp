//===- sipp_option_table.cpp - Every option of gossipper sipp -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A table, as SIPp's own: SIPp options take their value from the next
// argument whatever it looks like, and two of them take two values, which a
// general-purpose parser gets wrong; so the parser reads SIPp's rules from
// here directly. One function per section of the help, in the help's order.
//
//===----------------------------------------------------------------------===//
#include "sipp_option_table.hpp"

#include "sipp_event_options.hpp"
#include "sipp_option_kinds.hpp"
#include "sipp_service_options.hpp"
#include "sipp_sharding.hpp"

#include "gossipper/runtime/address.hpp"

#include <algorithm>

namespace gossipper::tools {
namespace {

using C = SippCommandLine;
using S = const std::string &;

std::vector<SippOption> scenario_options() {
  const HelpIn h{HelpSection::Scenario};
  return {
      string_option(
          "sf", [](C &c, S v) { c.scenario_file = v; },
          h.entry("FILE", {"Load a scenario from an XML file."})),
      flag_option(
          "trust", [](C &c) { c.trust_object = true; },
          h.entry("", {"Load a precompiled -sf FILE.gso (gossipper compile's)",
                       "even when another user owns it, or any user may",
                       "write to it or replace it."})),
      string_option(
          "sn", [](C &c, S v) { c.scenario_builtin = v; },
          h.entry("NAME", {"Use a built-in scenario: uac, uas, regexp, 3pcc-C-A,",
                           "3pcc-C-B, 3pcc-A, 3pcc-B, branchc, branchs, uac_pcap,",
                           "ooc_default, ooc_dummy; ours: uac_media, uas_media, uac_srtp, "
                           "uas_srtp, uac_dtls, uas_dtls.",
                           "Default: uac."})),
      string_option(
          "sd", [](C &c, S v) { c.dump = v; },
          h.entry("NAME", {"Print a built-in scenario and exit (99)."})),
      string_option(
          "oocsf", [](C &c, S v) { c.ooc_file = v; },
          h.entry("FILE", {"Out-of-call scenario (client mode): a request",
                           "that belongs to no call runs it (ooc_default answers", "200)."})),
      string_option(
          "oocsn", [](C &c, S v) { c.ooc_builtin = v; }, h.joined("NAME")),
      string_option(
          "inf", [](C &c, S v) { c.injection_files.push_back(v); },
          h.entry("FILE", {"Injection file for [fieldN] (repeatable; the first is",
                           "the default). Scenarios name it by its last path",
                           "component; SEQUENTIAL, RANDOM, USER and PRINTF files."})),
      SippOption{{"infindex"},
                 OptionKind::TwoValues,
                 [](C &c, S file, S field) -> Expected<void> {
                   Expected<unsigned> n = injection_index_field(field);
                   if (!n) {
                     return n.error();
                   }
                   c.injection_indexes.emplace_back(file, *n);
                   return {};
                 },
                 h.entry("FILE N", {"Index FILE on field N for <lookup>."})},
      string_option(
          "3pcc", [](C &c, S v) { c.twin_3pcc = v; },
          h.entry("HOST:PORT", {"3PCC twin: a scenario whose first command is sendCmd",
                                "connects there, one whose first is recvCmd listens."})),
      string_option(
          {"master", "slave", "cmd_name"}, [](C &c, S v) { c.command_name = v; },
          h.entry("NAME", {"", "Extended 3PCC: this instance's name, and the file of",
                           "every instance's name;host:port line."})),
      string_option(
          {"slave_cfg", "cmd_peers"}, [](C &c, S v) { c.command_peers = v; }, h.joined("FILE")),
      SippOption{{"key"},
                 OptionKind::TwoValues,
                 [](C &c, S k, S v) -> Expected<void> {
                   c.run.keys[k] = v;
                   return {};
                 },
                 h.entry("NAME VALUE", {"Define the keyword [NAME]."})},
      SippOption{{"set"},
                 OptionKind::TwoValues,
                 [](C &c, S k, S v) -> Expected<void> {
                   c.run.set_globals[k] = v;
                   return {};
                 },
                 h.entry("NAME VALUE", {"Set the <Global> variable NAME to VALUE."})},
  };
}

/// In the transport section, after -max_reconnect.
std::vector<SippOption> tls_options() {
  const HelpIn h{HelpSection::Transport};
  return {
      string_option(
          "tls_cert", [](C &c, S v) { c.run.tls.cert = v; },
          h.entry("FILE",
                  {"Certificate and key (cacert.pem,",
                   "cakey.pem); a server needs them, a client sends them", "when present."})),
      string_option(
          "tls_key", [](C &c, S v) { c.run.tls.key = v; }, h.joined("FILE")),
      string_option(
          "tls_ca", [](C &c, S v) { c.run.tls.ca = v; },
          h.entry("FILE", {"Verify the peer against this CA (and CRL)."})),
      string_option(
          "tls_crl", [](C &c, S v) { c.run.tls.crl = v; }, h.joined("FILE")),
      flag_option(
          "tls_skip_verify", [](C &c) { c.run.tls.skip_verify = true; },
          h.entry("", {"Never verify the peer's certificate."})),
      string_option(
          "tls_version", [](C &c, S v) { c.run.tls.version = v; },
          h.entry("V", {"1.0, 1.1, 1.2 or 1.3 only (default: negotiate)."})),
      string_option(
          "tls_sni", [](C &c, S v) { c.run.tls.sni = v; },
          h.entry("NAME", {"Server name sent (default: the remote host, when a name)."})),
      parsed_option<unsigned>(
          "tls_handshake_threads",
          [](const std::string &v) -> std::optional<unsigned> {
            std::optional<long long> n = to_long(v);
            return n && *n >= 0 && *n <= 64 ? std::optional<unsigned>(*n) : std::nullopt;
          },
          "a number of threads from 0 to 64",
          [](C &c, unsigned v) { c.run.tls.handshake_threads = v; },
          h.entry("N", {"Threads that run TLS handshakes (l1, ln, ws1, wsn),",
                        "off the worker threads (half the cores, at least 1;",
                        "0: on the worker threads)."})),
  };
}

std::vector<SippOption> transport_options() {
  const HelpIn h{HelpSection::Transport};
  return {
      checked_option(
          "t", transport_mode, [](C &c, runtime::TransportMode m) { c.run.transport = m; },
          h.entry("MODE", {"u1 UDP one socket (default), un UDP socket per call,",
                           "ui UDP socket per address of the first -inf file (column",
                           "-ip_field, default 0: a client call's source, a",
                           "server's listening addresses), t1/tn TCP",
                           "one connection / a connection per call, l1/ln TLS (sl and",
                           "cl are l1, cln is ln), w1/wn WebSocket, ws1/wsn secure",
                           "WebSocket (RFC 7118). IPv6 addresses work with all."})),
      number_option<int>(
          "ip_field", [](C &c, int v) { c.run.ip_field = v; },
          h.entry("N", {"-t ui: the -inf column holding each call's source IP."})),
      number_option<uint32_t>(
          "max_socket",
          [](C &c, uint32_t v) {
            c.run.max_socket = v;
            c.max_socket_given = true;
          },
          h.entry("N", {"At most N sockets/connections for un/ui/tn/ln/wn/wsn",
                        "(50000); past it calls share the open ones in turn."})),
      number_option<int>(
          "max_reconnect", [](C &c, int v) { c.run.max_reconnect = v; },
          h.entry("N", {"t1/l1/w1/ws1: reconnect up to N times when the",
                        "connection closes (0), -reconnect_sleep TIME apart (1 s);",
                        "-reconnect_close false keeps the calls it carried."})),
      time_option(
          "reconnect_sleep", 1,
          [](C &c, uint64_t ms) { c.run.reconnect_sleep_ms = static_cast<uint32_t>(ms); },
          h.in_text("TIME")),
      bool_option(
          "reconnect_close", [](C &c, bool v) { c.run.reconnect_close = v; },
          h.in_text("true|false")),
  };
}

/// In the transport section, after TLS.
std::vector<SippOption> address_options() {
  const HelpIn h{HelpSection::Transport};
  return {
      string_option(
          "i", [](C &c, S v) { c.run.local_ip = ip_only(v); },
          h.entry("IP", {"Local IP for the messages (and the bind address)."})),
      number_option<uint16_t>(
          "p", [](C &c, uint16_t v) { c.run.local_port = v; },
          h.entry("PORT", {"Local port (default: the first free of 5060-5119)."})),
      flag_option(
          "bind_local", [](C &c) { c.run.bind_local = true; },
          h.entry("", {"Bind the main socket to -i."})),
      string_option(
          "rsa",
          [](C &c, S v) {
            runtime::HostPort hp = runtime::split_host_port(v);
            c.run.rsa_host = hp.host;
            c.run.rsa_port = hp.port == 0 ? 5060 : hp.port;
          },
          h.entry("HOST[:PORT]", {"Send every message to this address."})),
      number_option<uint32_t>(
          "buff_size", [](C &c, uint32_t v) { c.run.buff_size = v; },
          h.entry("N", {"SO_SNDBUF/SO_RCVBUF of the SIP sockets (65536)."})),
      flag_option(
          "udp_gso", [](C &c) { c.run.udp_gso = true; },
          h.entry("", {"u1: datagrams for one peer with one size leave as one",
                       "segmented send (UDP GSO), a peer's are read coalesced",
                       "(GRO); a capture on this host sees each send as one", "packet."})),
      flag_option(
          "skip_rlimit", [](C &c) { c.run.skip_rlimit = true; },
          h.entry("", {"Leave the open-file limit alone. By default it is",
                       "raised to the hard limit, and -max_socket is lowered to",
                       "fit under it (with a warning when -max_socket was given)."})),
      string_option(
          "ci", [](C &c, S v) { c.run.control_ip = ip_only(v); },
          h.entry("IP", {"Remote-control UDP socket (default 127.0.0.1:8888,",
                         "searching up to 8947; loopback addresses only)."})),
      number_option<uint16_t>(
          "cp", [](C &c, uint16_t v) { c.run.control_port = v; }, h.joined("PORT")),
  };
}

std::vector<SippOption> rate_options() {
  const HelpIn h{HelpSection::Calls};
  return {
      amount_option(
          "r", [](C &c, double v) { c.run.rate = v; },
          h.entry("RATE", {"Calls per rate period (10)."})),
      time_option(
          "rp", 1, [](C &c, uint64_t v) { c.run.rate_period_ms = static_cast<double>(v); },
          h.entry("TIME", {"Rate period (1000 ms)."})),
      amount_option(
          "rate_scale", [](C &c, double v) { c.run.rate_scale = v; },
          h.entry("N", {"Step of the + - * / keys (1)."})),
      double_option(
          "rate_increase", [](C &c, double v) { c.run.rate_increase = v; },
          h.entry("N", {"Add N to the rate every -rate_interval (60 s)."})),
      time_option(
          "rate_interval", 1000,
          [](C &c, uint64_t v) { c.run.rate_interval_s = static_cast<double>(v) / 1000.0; },
          h.in_text("TIME")),
      amount_option(
          "rate_max", [](C &c, double v) { c.run.rate_max = v; },
          h.entry("N", {"Highest rate for -rate_increase; passing it ends the test",
                        "(soft quit) unless -no_rate_quit."})),
      flag_option(
          "no_rate_quit", [](C &c) { c.run.no_rate_quit = true; }, h.in_text()),
      bool_option(
          "overload_control", [](C &c, bool v) { c.run.overload_control = v; },
          h.entry("true|false", {"Saturated (late timers, kernel drops), hold the offered rate",
                                 "at what this process serves (true); false only says so."})),
      SippOption{{"l"},
                 OptionKind::Value,
                 [](C &c, S opt, S v) -> Expected<void> {
                   if (c.run.users >= 0) {
                     return Error{"Can not set open call limit (-l) when -users is specified."};
                   }
                   std::optional<long long> n = to_long(v);
                   if (!n || *n < 0) {
                     return not_a(opt, v, "a valid integer");
                   }
                   c.run.call_limit = static_cast<uint64_t>(*n);
                   return {};
                 },
                 h.entry("N", {"Limit of simultaneous calls (default: 3 x rate x the",
                               "scenario's duration, as SIPp)."})},
      number_option<uint64_t>(
          "m", [](C &c, uint64_t v) { c.run.max_calls = v; },
          h.entry("N", {"Stop after N calls."})),
      number_option<uint32_t>(
          "users", [](C &c, uint32_t v) { c.run.users = v; },
          h.entry("N", {"Keep N calls open instead of a rate: a new call starts",
                        "as soon as one ends; + - * / and \"set users N\" "
                        "change N."})),
  };
}

std::vector<SippOption> call_options() {
  const HelpIn h{HelpSection::Calls};
  return {
      time_option(
          "d", 1, [](C &c, uint64_t v) { c.run.default_pause_ms = static_cast<uint32_t>(v); },
          h.entry("TIME", {"Length of <pause/> without a duration (0 ms)."})),
      string_option(
          "s", [](C &c, S v) { c.run.service = v; }, h.entry("NAME", {"[service] (service)."})),
      number_option<uint32_t>(
          "base_cseq", [](C &c, uint32_t v) { c.run.base_cseq = v; },
          h.entry("N", {"First [cseq] (1)."})),
      amount_option(
          "lost", [](C &c, double v) { c.run.global_lost = v; },
          h.entry("PERCENT", {"Lose this share of the messages sent and received",
                              "(an element's lost= wins), to test retransmissions."})),
      string_option(
          "tdmmap", [](C &c, S v) { c.run.tdm_map = v; },
          h.entry("{x1-x2}{h}{y1-y2}{z1-z2}",
                  {"A table of TDM circuits: each call",
                   "takes a free one ([tdmmap] prints it x.h.y/z); with none",
                   "free the call fails (outbound congestion)."})),
      string_option(
          "cid_str", [](C &c, S v) { c.run.cid_str = v; },
          h.entry("FMT", {"Call-ID format (%u-%p@%s; %u call number, %p pid,",
                          "%s local IP, %r a random number)."})),
      checked_option(
          "cid_type", call_id_mode, [](C &c, runtime::CallIdMode m) { c.run.cid_type = m; },
          h.entry("MODE", {"default (-cid_str), uuid, uuid-compact, random or",
                           "timestamp Call-IDs (SIPp's aliases too)."})),
      number_option<int>(
          "dynamicStart", [](C &c, int v) { c.run.dynamic_start = v; },
          h.entry("N", {"[dynamic_id] counts",
                        "from N (10000) by N (4) up to N (18000), then restarts."})),
      number_option<int>(
          "dynamicMax", [](C &c, int v) { c.run.dynamic_max = v; }, h.joined("N")),
      number_option<int>(
          "dynamicStep", [](C &c, int v) { c.run.dynamic_step = v; }, h.joined("N")),
  };
}

std::vector<SippOption> behaviour_options() {
  const HelpIn h{HelpSection::Calls};
  return {
      string_option(
          "au", [](C &c, S v) { c.run.auth_user = v; },
          h.entry("NAME", {"[authentication] user when it names none (default: -s)."})),
      string_option(
          "ap", [](C &c, S v) { c.run.auth_password = v; },
          h.entry("PASSWORD", {"[authentication] password when it names none (password)."})),
      string_option(
          "auth_uri", [](C &c, S v) { c.run.auth_uri = v; },
          h.entry("URI", {"The digest uri is sip:URI instead of sip:remote_ip:port."})),
      flag_option(
          "aa", [](C &c) { c.run.auto_answer = true; },
          h.entry("", {"Answer 200 to out-of-call INFO, NOTIFY, OPTIONS, UPDATE."})),
      checked_option(
          "default_behaviors", default_behaviors,
          [](C &c, runtime::DefaultBehaviors b) { c.run.behaviors = b; },
          h.entry("LIST", {"all, none, bye, abortunexp, pingreply, +x, -x."})),
      flag_option(
          "nd",
          [](C &c) {
            c.run.behaviors = {false, false, false};
          },
          h.entry("", {"No default behaviour."})),
      flag_option(
          "pause_msg_ign", [](C &c) { c.run.pause_msg_ign = true; },
          h.entry("", {"Ignore messages received during a pause."})),
      flag_option(
          "callid_slash_ign", [](C &c) { c.run.callid_slash_ign = true; },
          h.entry("", {"Do not strip the xxx/// prefix of Call-IDs."})),
  };
}

std::vector<SippOption> media_options() {
  const HelpIn h{HelpSection::Media};
  auto min_port = [](C &c, uint16_t v) {
    c.run.min_rtp_port = v;
    c.run.media_port = v;
    c.rtp_ports_given = true;
  };
  return {
      string_option(
          "mi", [](C &c, S v) { c.run.media_ip = ip_only(v); },
          h.entry("IP", {"Address of the media: [media_ip] (default: -i)."})),
      number_option<uint16_t>(
          "min_rtp_port", min_port,
          h.entry("PORT", {"[media_port], and the first port -rtp_echo tries (6000)."})),
      number_option<uint16_t>("mp", min_port, h.joined("PORT")),
      number_option<uint16_t>(
          "max_rtp_port",
          [](C &c, uint16_t v) {
            c.run.max_rtp_port = v;
            c.rtp_ports_given = true;
          },
          h.entry("PORT", {"The last port -rtp_echo tries (65535)."})),
      flag_option(
          "rtp_echo", [](C &c) { c.run.rtp_echo = true; },
          h.entry("", {"Send back every datagram that reaches [media_port] (audio) and",
                       "[media_port]+2 (video) to its sender; <rtp_echo value=0> stops it."})),
      number_option<uint32_t>(
          "mb", [](C &c, uint32_t v) { c.run.media_bufsize = std::max<uint32_t>(v, 64); },
          h.entry("BYTES", {"The largest media datagram read whole (2048)."})),
      number_option<uint32_t>(
          "rtp_buffsize", [](C &c, uint32_t v) { c.run.rtp_buffsize = v; },
          h.entry("BYTES", {"Send and receive buffers of each media socket (system's)."})),
      number_option<uint32_t>(
          "rtp_threadtasks", [](C &, uint32_t) {},
          h.entry("N", {"Accepted for SIPp's command lines, meaningless here: media",
                        "runs on the shards, with no thread per stream."})),
      number_option<uint8_t>(
          "rtp_payload", [](C &c, uint8_t v) { c.run.rtp_payload = v; },
          h.entry("PT", {"rtp_stream's payload type when it names none (8)."})),
      amount_option(
          "audiotolerance", [](C &c, double v) { c.run.audio_tolerance = v; },
          h.entry("R", {"", "rtpcheck: the share of an rtp_stream's packets whose echo may",
                        "be missing or wrong (1.0) before the run exits 253."})),
      amount_option(
          "videotolerance", [](C &c, double v) { c.run.video_tolerance = v; }, h.joined("R")),
      string_option(
          "dtls_cert", [](C &c, S v) { c.run.dtls_cert = v; },
          h.entry("FILE", {"DTLS-SRTP: our certificate (PEM) and its key, whose",
                           "fingerprint [dtls_fingerprint] gives (a new ECDSA",
                           "certificate for each run)."})),
      string_option(
          "dtls_key", [](C &c, S v) { c.run.dtls_key = v; }, h.joined("FILE")),
      flag_option(
          "rtpcheck_debug", [](C &c) { c.run.rtpcheck_debug = true; },
          h.entry("", {"rtpcheck's files, <scenario>_<pid>_rtpcheck_audio.log and",
                       "_rtpcheck_video.log: each wrong echo, sent and received",
                       "payloads in hex, and each stream's verdict."})),
      flag_option(
          "srtpcheck_debug", [](C &c) { c.run.srtpcheck_debug = true; },
          h.entry("", {"SRTP's file, <scenario>_<pid>_srtp.log: the SDES pair",
                       "chosen or refused, each DTLS handshake's end, the first",
                       "packets failing their check, each secure stream's counts."})),
  };
}

std::vector<SippOption> timer_options() {
  const HelpIn h{HelpSection::Timers};
  return {
      time_option(
          "recv_timeout", 1,
          [](C &c, uint64_t v) { c.run.recv_timeout_ms = static_cast<uint32_t>(v); },
          h.entry("TIME", {"Default timeout of every <recv>."})),
      time_option(
          "timeout", 1000, [](C &c, uint64_t v) { c.run.global_timeout_ms = v; },
          h.entry("TIME", {"Stop the test after this time (seconds by default)."})),
      flag_option(
          "timeout_error", [](C &c) { c.run.timeout_error = true; },
          h.entry("", {"Reaching -timeout is an error."})),
      number_option<uint32_t>(
          "max_retrans", [](C &c, uint32_t v) { c.run.max_retrans = v; },
          h.entry("N", {"", "UDP retransmission limits (9, 5, 9)."})),
      number_option<uint32_t>(
          "max_invite_retrans", [](C &c, uint32_t v) { c.run.max_invite_retrans = v; },
          h.joined("N")),
      number_option<uint32_t>(
          "max_non_invite_retrans", [](C &c, uint32_t v) { c.run.max_non_invite_retrans = v; },
          h.joined("N")),
      flag_option(
          "nr", [](C &c) { c.run.retrans_enabled = false; },
          h.entry("", {"No UDP retransmission."})),
      time_option(
          "T2", 1, [](C &c, uint64_t v) { c.run.t2_ms = static_cast<uint32_t>(v); },
          h.entry("TIME", {"SIP T2 (4000 ms)."})),
      checked_option(
          "rtcheck", loose_retransmission_check,
          [](C &c, bool loose) { c.run.rtcheck_loose = loose; },
          h.entry("full|loose", {"How received retransmissions are recognised."})),
      time_option(
          "deadcall_wait", 1,
          [](C &c, uint64_t v) { c.run.deadcall_wait_ms = static_cast<uint32_t>(v); },
          h.entry("TIME", {"How long an ended call's Call-ID is remembered."})),
  };
}

std::vector<SippOption> running_options() {
  const HelpIn h{HelpSection::Running};
  return {
      checked_option(
          "engine", engine_name, [](C &c, S v) { c.engine = v; },
          h.entry("jit|interp", {"Run the scenario as native code (jit, the default)",
                                 "or with the IR interpreter."})),
      flag_option(
          {"no-cache", "no_cache"}, [](C &c) { c.use_cache = false; },
          h.entry("", {"Compile the scenario now, without the compile cache",
                       "(~/.cache/gossipper, or $GOSSIPPER_CACHE_DIR)."})),
      number_option<unsigned>(
          "threads",
          [](C &c, unsigned v) {
            c.run.threads = v;
            c.threads_given = true;
          },
          h.entry("N", {"Worker threads (default: the number of cores; t1 uses",
                        "one, since one connection is one byte stream)."})),
      time_option(
          "timer_resol", 1,
          [](C &c, uint64_t v) {
            c.run.timer_resol_ms = static_cast<uint32_t>(std::clamp<uint64_t>(v, 1, 1000));
          },
          h.entry("TIME", {"Length of a worker thread's tick, the precision of",
                           "pauses, timeouts and retransmissions (1 ms)."})),
      number_option<uint32_t>(
          "max_recv_loops", [](C &c, uint32_t v) { c.run.max_recv_loops = v; },
          h.entry("N", {"At most N datagrams read from the UDP socket per turn",
                        "of a worker's loop (1000)."})),
      number_option<uint32_t>(
          "max_sched_loops", [](C &c, uint32_t v) { c.run.max_sched_loops = v; },
          h.entry("N", {"At most N calls woken per tick (1000); the others",
                        "wait for the next tick."})),
  };
}

std::vector<SippOption> watchdog_options() {
  const HelpIn h{HelpSection::Running};
  return {
      time_option(
          "watchdog_interval", 1, [](C &c, uint64_t v) { c.run.watchdog.interval_ms = v; },
          h.entry("TIME",
                  {"How often each worker thread checks that it",
                   "runs on time (400 ms; 0: never). A check later than",
                   "-watchdog_minor_threshold (500 ms) or",
                   "-watchdog_major_threshold (3000 ms) counts a minor or a",
                   "major trip, with a warning; more than", "-watchdog_minor_maxtriggers (120) or",
                   "-watchdog_major_maxtriggers (10) trips (-1: no limit)",
                   "end the run (exit 255). -watchdog_reset TIME (10 min)",
                   "without a trip forgets them."})),
      time_option(
          "watchdog_minor_threshold", 1,
          [](C &c, uint64_t v) { c.run.watchdog.minor_threshold_ms = v; }, h.in_text("TIME")),
      time_option(
          "watchdog_major_threshold", 1,
          [](C &c, uint64_t v) { c.run.watchdog.major_threshold_ms = v; }, h.in_text("TIME")),
      number_option<int>(
          "watchdog_minor_maxtriggers", [](C &c, int v) { c.run.watchdog.minor_maxtriggers = v; },
          h.in_text("N")),
      number_option<int>(
          "watchdog_major_maxtriggers", [](C &c, int v) { c.run.watchdog.major_maxtriggers = v; },
          h.in_text("N")),
      time_option(
          "watchdog_reset", 1, [](C &c, uint64_t v) { c.run.watchdog.reset_ms = v; },
          h.in_text("TIME")),
  };
}

std::vector<SippOption> process_options() {
  const HelpIn h{HelpSection::Running};
  return {
      time_option(
          "f", 1000, [](C &c, uint64_t v) { c.run.refresh_ms = static_cast<uint32_t>(v); },
          h.entry("TIME", {"Screen refresh period (1 s)."})),
      flag_option(
          "nostdin", [](C &c) { c.run.no_stdin = true; },
          h.entry("", {"Do not read the keyboard."})),
      flag_option(
          "bg", [](C &c) { c.background = true; }, h.entry("", {"Run in the background."})),
      time_option(
          "sleep", 1000, [](C &c, uint64_t v) { c.sleep_ms = v; },
          h.entry("TIME", {"Wait before starting."})),
      flag_option(
          "v", [](C &c) { c.version = true; }, h.entry("", {"Version, this help (exit 99)."})),
      flag_option(
          {"h", "help"}, [](C &c) { c.help = true; }, h.joined()),
  };
}

std::vector<SippOption> message_trace_options() {
  const HelpIn h{HelpSection::Traces};
  return {
      flag_option(
          "trace_err", [](C &c) { c.run.trace_err = true; },
          h.entry("", {"Write every error (malformed or unexpected message,",
                       "message for no call, timeout...) to", "<scenario>_<pid>_errors.log."})),
      string_option(
          "error_file", [](C &c, S v) { c.run.error_file = v; },
          h.entry("FILE", {"Name of that file."})),
      bool_option(
          "error_overwrite", [](C &c, bool v) { c.run.error_overwrite = v; },
          h.entry("true|false", {"Overwrite it (default) or append."})),
      flag_option(
          "trace_msg", [](C &c) { c.run.trace_msg = true; },
          h.entry("", {"Every message sent and received, in full, to",
                       "<scenario>_<pid>_messages.log (-message_file,", "-message_overwrite)."})),
      string_option(
          "message_file", [](C &c, S v) { c.run.message_file = v; }, h.in_text("FILE")),
      bool_option(
          "message_overwrite", [](C &c, bool v) { c.run.message_overwrite = v; },
          h.in_text("true|false")),
      flag_option(
          "trace_shortmsg", [](C &c) { c.run.trace_shortmsg = true; },
          h.entry("", {"One line per message (time, S/R, Call-ID, CSeq, first",
                       "line) to <scenario>_<pid>_shortmessages.log",
                       "(-shortmessage_file, -shortmessage_overwrite)."})),
      string_option(
          "shortmessage_file", [](C &c, S v) { c.run.shortmessage_file = v; }, h.in_text("FILE")),
      bool_option(
          "shortmessage_overwrite", [](C &c, bool v) { c.run.shortmessage_overwrite = v; },
          h.in_text("true|false")),
      flag_option(
          "trace_logs", [](C &c) { c.run.trace_logs = true; },
          h.entry("", {"The <log> actions' text to <scenario>_<pid>_logs.log",
                       "(-log_file, -log_overwrite)."})),
      string_option(
          "log_file", [](C &c, S v) { c.run.log_file = v; }, h.in_text("FILE")),
      bool_option(
          "log_overwrite", [](C &c, bool v) { c.run.log_overwrite = v; }, h.in_text("true|false")),
  };
}

std::vector<SippOption> report_options() {
  const HelpIn h{HelpSection::Traces};
  return {
      flag_option(
          "trace_stat", [](C &c) { c.run.trace_stat = true; },
          h.entry("", {"SIPp's statistics CSV, <scenario>_<pid>_.csv (-stf",
                       "FILE): a row at start, every -fd TIME (60 s) and at the",
                       "end; -stat_delimiter (;), -periodic_rtd (repartitions",
                       "per row, not cumulative)."})),
      string_option(
          "stf", [](C &c, S v) { c.run.stat_file = v; }, h.in_text("FILE")),
      time_option(
          "fd", 1000, [](C &c, uint64_t v) { c.run.stat_period_ms = v; }, h.in_text("TIME")),
      string_option(
          "stat_delimiter", [](C &c, S v) { c.run.stat_delimiter = v; }, h.in_text("TEXT")),
      flag_option(
          "periodic_rtd", [](C &c) { c.run.periodic_rtd = true; }, h.in_text()),
      flag_option(
          "trace_media", [](C &c) { c.run.trace_media = true; },
          h.entry("", {"Gossipper's media CSV, <scenario>_<pid>_media.csv: the",
                       "-summary_json media figures (RTP, RTCP, loss, jitter,",
                       "MOS, failures) since the start, a row at start, every",
                       "-fd TIME and at the end; -stat_delimiter."})),
      string_option(
          "summary_json", [](C &c, S v) { c.run.summary_json = v; },
          h.entry("FILE", {"Gossipper's JSON summary at the end (schema",
                           "gossipper_summary_v1): totals, failure classes, SIPp's",
                           "counters, per response time and the call length count,",
                           "mean, min, max, stddev, p50/p90/p99/p99.9 and buckets,",
                           "the call rate over time, the generator's own load."})),
      string_option(
          "junit", [](C &c, S v) { c.run.junit = v; },
          h.entry("FILE", {"A JUnit XML report: the calls and each health gate."})),
      amount_option(
          "health_max_failed_ratio", [](C &c, double v) { c.run.health_max_failed_ratio = v; },
          h.entry("R", {"", "Health gates (p99 of every response time, or of the",
                        "call length without one); breaking one exits 2."})),
      amount_option(
          "health_max_p99_ms", [](C &c, double v) { c.run.health_max_p99_ms = v; }, h.joined("MS")),
      amount_option(
          "health_min_calls", [](C &c, double v) { c.run.health_min_calls = v; }, h.joined("N")),
      amount_option(
          "health_min_mos", [](C &c, double v) { c.run.health_min_mos = v; },
          h.entry("MOS", {"", "Media gates: the worst stream's MOS, and RTP lost over",
                          "expected, over every measured stream."})),
      amount_option(
          "health_max_loss_ratio", [](C &c, double v) { c.run.health_max_loss_ratio = v; },
          h.joined("R")),
  };
}

std::vector<SippOption> run_trace_options() {
  const HelpIn h{HelpSection::Traces};
  return {
      number_option<uint64_t>(
          "max_log_size", [](C &c, uint64_t v) { c.run.max_log_size = v; },
          h.entry("N", {"Stop writing the error, message, short message, log and",
                        "call-debug files past N bytes."})),
      number_option<uint64_t>(
          "ringbuffer_size", [](C &c, uint64_t v) { c.run.ringbuffer_size = v; },
          h.entry("N", {"Rotate them past N bytes,", "keeping the last M rotated files."})),
      number_option<uint32_t>(
          "ringbuffer_files", [](C &c, uint32_t v) { c.run.ringbuffer_files = v; }, h.joined("M")),
      flag_option(
          "trace_screen", [](C &c) { c.run.trace_screen = true; },
          h.entry("", {"The final screens to <scenario>_<pid>_screen.log",
                       "(-screen_file, -screen_overwrite); SIGUSR2 writes them", "at any time."})),
      string_option(
          "screen_file", [](C &c, S v) { c.run.screen_file = v; }, h.in_text("FILE")),
      bool_option(
          "screen_overwrite", [](C &c, bool v) { c.run.screen_overwrite = v; },
          h.in_text("true|false")),
      flag_option(
          "trace_calldebug", [](C &c) { c.run.trace_calldebug = true; },
          h.entry("", {"The history of every aborted call (messages sent and",
                       "received, unexpected ones) to <scenario>_<pid>_calldebug.log",
                       "(-calldebug_file, -calldebug_overwrite)."})),
      string_option(
          "calldebug_file", [](C &c, S v) { c.run.calldebug_file = v; }, h.in_text("FILE")),
      bool_option(
          "calldebug_overwrite", [](C &c, bool v) { c.run.calldebug_overwrite = v; },
          h.in_text("true|false")),
      flag_option(
          "trace_error_codes", [](C &c) { c.run.trace_error_codes = true; },
          h.entry("", {"The codes of unexpected responses, a line per -fd",
                       "period, <scenario>_<pid>_error_codes.csv."})),
      flag_option(
          "trace_counts", [](C &c) { c.run.trace_counts = true; },
          h.entry("", {"The scenario screen's counters per element,",
                       "<scenario>_<pid>_counts.csv, on the -fd schedule."})),
      flag_option(
          "trace_rtt", [](C &c) { c.run.trace_rtt = true; },
          h.entry("", {"Every response time, <scenario>_<pid>_rtt.csv",
                       "(Date_ms;response_time_ms;rtd_no), written every",
                       "-rtt_freq samples (200) and at the end."})),
      number_option<uint32_t>(
          "rtt_freq", [](C &c, uint32_t v) { c.run.rtt_freq = v; }, h.in_text("N")),
  };
}

} // namespace

std::string_view help_section_title(HelpSection section) {
  switch (section) {
  case HelpSection::Scenario: return "Scenario";
  case HelpSection::Transport: return "IP, port and transport";
  case HelpSection::Calls: return "Calls";
  case HelpSection::Timers: return "Timers and retransmissions";
  case HelpSection::Media: return "Media (RTP)";
  case HelpSection::Running: return "Running";
  case HelpSection::Traces: return "Traces";
  case HelpSection::Management: return "Management (HTTP API, web panel, Prometheus)";
  case HelpSection::Observability: return "Observability (HEP3 to Homer)";
  }
  return "";
}

const std::vector<SippOption> &sipp_option_table() {
  static const std::vector<SippOption> table = [] {
    std::vector<SippOption> all;
    for (auto *part :
         {scenario_options, transport_options, tls_options, address_options, rate_options,
          call_options, behaviour_options, media_options, timer_options, running_options,
          watchdog_options, process_options, shard_options, message_trace_options, report_options,
          run_trace_options, event_options, api_options, observability_options}) {
      for (SippOption &o : part()) {
        all.push_back(std::move(o));
      }
    }
    return all;
  }();
  return table;
}

const SippOption *find_sipp_option(std::string_view name) {
  for (const SippOption &o : sipp_option_table()) {
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) {
      return &o;
    }
  }
  return nullptr;
}

std::vector<std::string> option_spellings(const SippOption &o) {
  std::vector<std::string> out;
  for (std::string_view name : o.names) {
    out.push_back("-" + std::string(name));
    if (!o.help.placeholder.empty()) {
      out.back() += " " + std::string(o.help.placeholder);
    }
  }
  return out;
}

} // namespace gossipper::tools
