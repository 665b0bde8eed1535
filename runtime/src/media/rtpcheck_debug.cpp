//===- rtpcheck_debug.cpp - -rtpcheck_debug's files -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/rtpcheck_debug.hpp"

#include "time/wall_date.hpp"

#include <cinttypes>
#include <cstdio>

namespace gossipper::runtime::media {
namespace {

void append_hex(std::string &out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (char c : bytes) {
    auto b = static_cast<uint8_t>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
}

/// The fields that name a stream: its call and SSRC.
std::string stream_fields(const StreamPlayer &player) {
  char ssrc[16];
  std::snprintf(ssrc, sizeof ssrc, "0x%08" PRIX32, player.ssrc());
  return "call=" + (player.call_id.empty() ? std::string("-") : player.call_id) + " ssrc=" + ssrc;
}

std::string_view reason(EchoCheck::Result r) {
  switch (r) {
  case EchoCheck::Result::Differs: return "payload";
  case EchoCheck::Result::WrongSize: return "size";
  case EchoCheck::Result::Unsent: return "unsent";
  default: return "none";
  }
}

std::string_view note(RtpcheckVerdict::Result r) {
  // SIPp's words where it has them ("----PASSED RTP CHECK----").
  switch (r) {
  case RtpcheckVerdict::Result::Passed: return "PASSED RTP CHECK";
  case RtpcheckVerdict::Result::Failed: return "FAILED RTP CHECK";
  default: return "NO RTP CHECK";
  }
}

} // namespace

Expected<void> RtpcheckDebug::open(const std::string &audio_path, bool audio,
                                   const std::string &video_path, bool video) {
  const std::string *paths[] = {audio ? &audio_path : nullptr, video ? &video_path : nullptr};
  for (size_t k = 0; k < 2; ++k) {
    if (paths[k] == nullptr) {
      continue;
    }
    if (Expected<void> opened = files_[k].open(*paths[k], true); !opened) {
      return opened;
    }
    files_[k].write(std::string("# Gossipper -rtpcheck_debug, ") + (k == 0 ? "audio" : "video") +
                    " streams (docs/media.md)\n");
  }
  return {};
}

std::string RtpcheckDebug::mismatch_text(const StreamPlayer &player, const EchoCheck &check,
                                         const RtpHeader &rtp, std::string_view packet) {
  using R = EchoCheck::Result;
  bool known = check.result != R::Unsent;
  std::string out = "COMPARISON FAILED " + stream_fields(player) +
                    " seq=" + std::to_string(rtp.sequence) +
                    " packet=" + (known ? std::to_string(check.packet) : "-") +
                    " reason=" + std::string(reason(check.result)) +
                    " at=" + (check.result == R::Differs ? std::to_string(check.at) : "-") +
                    " errors=" + std::to_string(player.echoes_differing()) + " sent=";
  if (known) {
    std::string sent;
    player.payload_of(check.packet, sent);
    append_hex(out, sent);
  } else {
    out += '-';
  }
  out += " received=";
  append_hex(out, packet.substr(rtp.payload_offset, rtp.payload_size));
  return out;
}

std::string RtpcheckDebug::verdict_text(const StreamPlayer &player, const RtpcheckVerdict &v) {
  const RtpStreamSpec &spec = player.spec();
  char ratios[64];
  std::snprintf(ratios, sizeof ratios, " failed_ratio=%.4f tolerance=%.4f", v.failed_ratio,
                v.tolerance);
  return std::string(note(v.result)) + " " + stream_fields(player) + " source=" +
         (spec.pattern != 0 ? "pattern:" + std::to_string(spec.pattern) : "file:" + spec.file) +
         " payload=" + std::to_string(spec.payload_type) +
         (spec.payload_name.empty() ? "" : "/" + spec.payload_name) +
         " sent=" + std::to_string(player.sent()) +
         " matched=" + std::to_string(player.echoes_matched()) +
         " differing=" + std::to_string(player.echoes_differing()) +
         " missing=" + std::to_string(v.missing) + ratios;
}

void RtpcheckDebug::mismatch(const StreamPlayer &player, const EchoCheck &check,
                             const RtpHeader &rtp, std::string_view packet, uint64_t wall_us) {
  file_of(player).write(message_log_date(wall_us) + " " +
                        mismatch_text(player, check, rtp, packet) + "\n");
}

void RtpcheckDebug::verdict(const StreamPlayer &player, const RtpcheckVerdict &v,
                            uint64_t wall_us) {
  file_of(player).write(message_log_date(wall_us) + " " + verdict_text(player, v) + "\n");
}

void RtpcheckDebug::flush() {
  for (TraceLog &f : files_) {
    f.flush();
  }
}

} // namespace gossipper::runtime::media
