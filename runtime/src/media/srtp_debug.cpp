//===- srtp_debug.cpp - -srtpcheck_debug's file ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/srtp_debug.hpp"

#include "time/wall_date.hpp"

#include <openssl/evp.h>

#include <cinttypes>
#include <cstdio>

namespace gossipper::runtime::media {
namespace {

/// A line of an SDP as the file names it: `tag/SUITE`, and its session
/// parameters after `;` — never its key.
std::string line_name(const SdesCrypto &c) {
  std::string out = std::to_string(c.tag) + "/" + std::string(srtp_suite_name(c.suite));
  if (c.unencrypted_srtp) {
    out += ";UNENCRYPTED_SRTP";
  }
  if (c.unencrypted_srtcp) {
    out += ";UNENCRYPTED_SRTCP";
  }
  if (c.unauthenticated_srtp) {
    out += ";UNAUTHENTICATED_SRTP";
  }
  return out;
}

std::string line_names(const std::vector<SdesCrypto> &lines) {
  std::string out;
  for (const SdesCrypto &c : lines) {
    out += (out.empty() ? "" : ",") + line_name(c);
  }
  return out.empty() ? "-" : out;
}

std::string_view role_name(DtlsSession::Role r) {
  return r == DtlsSession::Role::Client ? "client" : "server";
}

uint32_t be32(std::string_view d, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(d[at])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(d[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(d[at + 2])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(d[at + 3]));
}

/// What the clear header of the peer's packet says: RTP's SSRC and
/// sequence number, RTCP's sender SSRC (SRTP leaves both unencrypted).
std::string header_fields(std::string_view d, bool rtcp) {
  char out[64];
  if (d.size() < (rtcp ? 8U : 12U)) {
    std::snprintf(out, sizeof out, "ssrc=- seq=-");
  } else if (rtcp) {
    std::snprintf(out, sizeof out, "ssrc=0x%08" PRIX32 " seq=-", be32(d, 4));
  } else {
    unsigned seq = static_cast<uint8_t>(d[2]) << 8 | static_cast<uint8_t>(d[3]);
    std::snprintf(out, sizeof out, "ssrc=0x%08" PRIX32 " seq=%u", be32(d, 8), seq);
  }
  return out;
}

} // namespace

Expected<void> SrtpDebug::open(const std::string &path) {
  if (Expected<void> opened = file_.open(path, true); !opened) {
    return opened;
  }
  file_.write("# Gossipper -srtpcheck_debug, SRTP of every stream (docs/srtp.md)\n");
  return {};
}

std::string SrtpDebug::key_id(std::string_view master) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(master.data(), master.size(), digest, &size, EVP_sha256(), nullptr) != 1 ||
      size < 2) {
    return "-";
  }
  char out[16];
  std::snprintf(out, sizeof out, "sha256:%02x%02x", digest[0], digest[1]);
  return out;
}

std::string_view SrtpDebug::profile_name(SrtpSuite suite) {
  switch (suite) {
  case SrtpSuite::AesCm128HmacSha1_80: return "SRTP_AES128_CM_SHA1_80";
  case SrtpSuite::AesCm128HmacSha1_32: return "SRTP_AES128_CM_SHA1_32";
  case SrtpSuite::AeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM";
  case SrtpSuite::AeadAes256Gcm: return "SRTP_AEAD_AES_256_GCM";
  default: return "-"; // no DTLS-SRTP profile keys the others
  }
}

void SrtpDebug::line(const SrtpDebugStream &s, std::string_view note, std::string_view fields,
                     uint64_t wall_us) {
  std::string out = message_log_date(wall_us);
  out += ' ';
  out += note;
  out += " call=";
  out += s.call_id.empty() ? std::string_view("-") : std::string_view(s.call_id);
  out += " stream=";
  out += s.kind;
  if (!fields.empty()) {
    out += ' ';
    out += fields;
  }
  out += '\n';
  file_.write(out);
}

//===----------------------------------------------------------------------===//
// SDES
//===----------------------------------------------------------------------===//

void SrtpDebug::sdes_keyed(const SrtpDebugStream &s, const SdesCrypto &ours,
                           const SdesCrypto &peers, uint64_t wall_us) {
  line(s, "SDES KEYED",
       "ours=" + line_name(ours) + " peer=" + line_name(peers) + " our_key=" + key_id(ours.master) +
           " peer_key=" + key_id(peers.master),
       wall_us);
}

void SrtpDebug::sdes_off(const SrtpDebugStream &s, uint64_t wall_us) {
  line(s, "SDES OFF", "reason=the latest SDP has no a=crypto", wall_us);
}

void SrtpDebug::sdes_no_common_suite(const SrtpDebugStream &s, const std::vector<SdesCrypto> &ours,
                                     const std::vector<SdesCrypto> &peers, uint64_t wall_us) {
  line(s, "SDES NO COMMON SUITE", "ours=" + line_names(ours) + " peer=" + line_names(peers),
       wall_us);
}

void SrtpDebug::sdes_refused(const SrtpDebugStream &s, std::string_view reason, uint64_t wall_us) {
  line(s, "SDES KEYS REFUSED", "reason=" + std::string(reason), wall_us);
}

void SrtpDebug::sdes_malformed(const SrtpDebugStream &s, std::string_view reason,
                               uint64_t wall_us) {
  line(s, "SDES MALFORMED LINE", "reason=" + std::string(reason), wall_us);
}

//===----------------------------------------------------------------------===//
// DTLS-SRTP
//===----------------------------------------------------------------------===//

void SrtpDebug::dtls_started(SrtpDebugStream &s, DtlsSession::Role role, uint64_t wall_us) {
  s.dtls = "handshaking";
  s.dtls_role = role_name(role);
  line(s, "DTLS STARTED", "role=" + std::string(s.dtls_role), wall_us);
}

void SrtpDebug::dtls_keyed(SrtpDebugStream &s, SrtpSuite suite, uint64_t elapsed_ms,
                           std::string_view refused, uint64_t wall_us) {
  std::string fields =
      "role=" + std::string(s.dtls_role) + " profile=" + std::string(profile_name(suite)) +
      " suite=" + std::string(srtp_suite_name(suite)) + " ms=" + std::to_string(elapsed_ms);
  if (!refused.empty()) {
    s.dtls = "refused";
    line(s, "DTLS KEYS REFUSED", fields + " reason=" + std::string(refused), wall_us);
    return;
  }
  s.dtls = "keyed";
  line(s, "DTLS KEYED", fields, wall_us);
}

void SrtpDebug::dtls_failed(SrtpDebugStream &s, std::string_view reason, uint64_t wall_us) {
  s.dtls = "failed";
  line(s, "DTLS FAILED", "role=" + std::string(s.dtls_role) + " reason=" + std::string(reason),
       wall_us);
}

void SrtpDebug::dtls_timeout(SrtpDebugStream &s, uint64_t elapsed_ms, uint64_t wall_us) {
  s.dtls = "timeout";
  line(s, "DTLS TIMEOUT", "role=" + std::string(s.dtls_role) + " ms=" + std::to_string(elapsed_ms),
       wall_us);
}

//===----------------------------------------------------------------------===//
// Packets and the stream's end
//===----------------------------------------------------------------------===//

void SrtpDebug::packet(SrtpDebugStream &s, Packet what, std::string_view datagram, bool rtcp,
                       uint64_t total, uint64_t wall_us) {
  bool replay = what == Packet::Replayed;
  uint32_t &written = replay ? s.replay_lines : s.auth_lines;
  std::string_view note = replay ? "SRTP REPLAY" : "SRTP AUTH FAILED";
  if (written > kPacketLines) {
    return; // the end line counts the rest
  }
  if (written == kPacketLines) {
    ++written;
    line(s, replay ? "SRTP REPLAY LIMIT" : "SRTP AUTH FAILED LIMIT",
         "logged=" + std::to_string(kPacketLines), wall_us);
    return;
  }
  ++written;
  std::string fields = std::string("packet=") + (rtcp ? "rtcp " : "rtp ") +
                       header_fields(datagram, rtcp) + " size=" + std::to_string(datagram.size()) +
                       " count=" + std::to_string(total);
  if (!replay) {
    fields += what == Packet::Malformed ? " reason=malformed" : " reason=auth";
  }
  line(s, note, fields, wall_us);
}

void SrtpDebug::stream_end(const SrtpDebugStream &s, const StreamSrtp *srtp, uint64_t wall_us) {
  // Keyed as srtp_streams counts it: with keys at the end.
  bool keyed = srtp != nullptr && srtp->tx() != nullptr;
  std::string_view by = !keyed ? "no" : s.dtls == "keyed" ? "dtls" : "sdes";
  std::string_view suite = keyed ? srtp_suite_name(srtp->tx()->crypto().suite) : "-";
  uint64_t failed = srtp != nullptr ? srtp->auth_failed : 0;
  uint64_t replayed = srtp != nullptr ? srtp->replayed : 0;
  line(s, "SRTP STREAM END",
       "keyed=" + std::string(by) + " suite=" + std::string(suite) +
           " auth_failures=" + std::to_string(failed) + " replays=" + std::to_string(replayed) +
           " dtls=" + std::string(s.dtls),
       wall_us);
}

} // namespace gossipper::runtime::media
