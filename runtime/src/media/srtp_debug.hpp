//===- srtp_debug.hpp - -srtpcheck_debug's file ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -srtpcheck_debug: one file per run, <scenario>_<pid>_srtp.log, a dated line
// per SRTP event of a call's stream: the SDES pair chosen (tags and suites,
// each key named by the start of its SHA-256, never its bytes), no common
// suite, keys refused, an a=crypto line that cannot be read; a DTLS handshake
// started, keyed, failed, given up; the first packets of a stream that fail
// their check or are replays (then only counted, so the file stays bounded);
// and a line for each secure stream as it ends. Written from any shard, a
// line at a time; flushed by the run's loop and at the end, after the shards
// have ended their calls, as -rtpcheck_debug's files are (docs/srtp.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"
#include "media/dtls_session.hpp"
#include "media/sdes_attribute.hpp"
#include "media/stream_srtp.hpp"
#include "trace/trace_log.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::media {

/// What a stream's lines name, and what the file has said of it so far.
/// Made for each stream of a call only with the option; owned by the stream
/// (one shard), so it needs no lock.
struct SrtpDebugStream {
  std::string call_id;
  std::string_view kind;          ///< "audio", "video", "image"
  uint32_t auth_lines = 0;        ///< failures written one per line (then counted)
  uint32_t replay_lines = 0;      ///< replays ...
  std::string_view dtls = "none"; ///< the handshake's last state, for the end line
  std::string_view dtls_role = "-";
};

class SrtpDebug {
public:
  /// Packets of a stream written one per line, of each kind (failures,
  /// replays); the rest are counted in the stream's end line.
  static constexpr uint32_t kPacketLines = 10;

  /// What went wrong with one of the peer's packets.
  enum class Packet : uint8_t { AuthFailed, Malformed, Replayed };

  /// Creates the file (the error names it) and writes its first line.
  Expected<void> open(const std::string &path);

  /// SDES: new sessions from our line `ours` and the peer's `peers`.
  void sdes_keyed(const SrtpDebugStream &s, const SdesCrypto &ours, const SdesCrypto &peers,
                  uint64_t wall_us);
  /// SDES: the latest SDP has no a=crypto, the stream's keys are dropped.
  void sdes_off(const SrtpDebugStream &s, uint64_t wall_us);
  void sdes_no_common_suite(const SrtpDebugStream &s, const std::vector<SdesCrypto> &ours,
                            const std::vector<SdesCrypto> &peers, uint64_t wall_us);
  void sdes_refused(const SrtpDebugStream &s, std::string_view reason, uint64_t wall_us);
  /// An a=crypto line, ours or the peer's, could not be read (`reason`
  /// names what is wrong, never the key).
  void sdes_malformed(const SrtpDebugStream &s, std::string_view reason, uint64_t wall_us);

  void dtls_started(SrtpDebugStream &s, DtlsSession::Role role, uint64_t wall_us);
  /// Keyed with `suite` after `elapsed_ms`; `refused`: libsrtp refused
  /// the exported keys (empty when it took them).
  void dtls_keyed(SrtpDebugStream &s, SrtpSuite suite, uint64_t elapsed_ms,
                  std::string_view refused, uint64_t wall_us);
  void dtls_failed(SrtpDebugStream &s, std::string_view reason, uint64_t wall_us);
  void dtls_timeout(SrtpDebugStream &s, uint64_t elapsed_ms, uint64_t wall_us);

  /// The peer's `datagram` (as it came) failed as `what`; `total` is the
  /// stream's count of that kind with this one.
  void packet(SrtpDebugStream &s, Packet what, std::string_view datagram, bool rtcp, uint64_t total,
              uint64_t wall_us);
  /// The stream ends: `srtp` is its keys and counts (null: it had none).
  void stream_end(const SrtpDebugStream &s, const StreamSrtp *srtp, uint64_t wall_us);

  void flush() { file_.flush(); }

  /// "sha256:" and the first 4 hex digits of the digest of `master` (key
  /// and salt): enough to see two ends agree, nothing of the key.
  [[nodiscard]] static std::string key_id(std::string_view master);
  /// RFC 5764's name of the DTLS-SRTP profile that keys `suite`.
  [[nodiscard]] static std::string_view profile_name(SrtpSuite suite);

private:
  void line(const SrtpDebugStream &s, std::string_view note, std::string_view fields,
            uint64_t wall_us);

  TraceLog file_;
};

} // namespace gossipper::runtime::media
