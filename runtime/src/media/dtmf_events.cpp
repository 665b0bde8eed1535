//===- dtmf_events.cpp - play_dtmf's RTP packets --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The arithmetic is SIPp's prepare_dtmf, prepare_noop and
// prepare_dtmf_digit_start/_end; the header comment lists what it yields.
// Packet times are computed in milliseconds as SIPp does, then turned into
// the microsecond offsets a replay uses.
//
//===----------------------------------------------------------------------===//
#include "media/dtmf_events.hpp"

#include <cctype>
#include <optional>

namespace gossipper::runtime::media {
namespace {

constexpr uint8_t kEventPayloadType = 96; // as in SIPp's SDP
constexpr uint8_t kNoopPayloadType = 97;
constexpr uint32_t kTimestampStart = 24000;
constexpr int kNoopPackets = 20; // 400 ms of nothing before the first digit
constexpr uint64_t kPacketMs = 20;
constexpr uint8_t kVolume = 10; // -10 dBm0, as SIPp sends
constexpr int kEndPackets = 3;  // the end of an event is sent three times
constexpr unsigned long kDefaultToneMs = 200;

/// RFC 4733's event code for a DTMF character; nullopt for the characters
/// SIPp skips.
std::optional<uint8_t> event_code(char c) {
  if (c >= '0' && c <= '9') {
    return static_cast<uint8_t>(c - '0');
  }
  switch (c) {
  case '*': return 10;
  case '#': return 11;
  case 'A': return 12;
  case 'B': return 13;
  case 'C': return 14;
  case 'D': return 15;
  default: return std::nullopt;
  }
}

/// The tone length after the comma, read as SIPp's atol does (leading
/// blanks, a sign, digits up to the first other character); outside 50 to
/// 2000 ms, the default.
unsigned long tone_ms(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) {
    ++i;
  }
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  unsigned long value = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    value = value * 10 + static_cast<unsigned long>(text[i] - '0');
    if (value > 2000) { // already out of range: stop before it can overflow
      return kDefaultToneMs;
    }
  }
  return negative || value < 50 ? kDefaultToneMs : value;
}

void put16(std::string &out, uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}

void put32(std::string &out, uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xffff);
}

/// A 12-byte RTP header (version 2, no padding, extension or CSRC) and a
/// 4-byte payload.
std::string rtp_packet(bool marker, uint8_t payload_type, uint16_t seq, uint32_t timestamp,
                       uint32_t ssrc, uint32_t payload) {
  std::string out;
  out.reserve(16);
  out += static_cast<char>(0x80);
  out += static_cast<char>((marker ? 0x80 : 0) | payload_type);
  put16(out, seq);
  put32(out, timestamp);
  put32(out, ssrc);
  put32(out, payload);
  return out;
}

/// RFC 4733's payload: event, E bit with the volume, duration in 8 kHz ticks.
uint32_t event_payload(uint8_t event, bool end, uint64_t duration_ms) {
  const uint32_t ticks = static_cast<uint32_t>(duration_ms * 8) & 0xffff;
  return static_cast<uint32_t>(event) << 24 | (end ? 0x80u : 0u) << 16 |
         static_cast<uint32_t>(kVolume) << 16 | ticks;
}

/// Appends packets, numbering them as SIPp does.
class DtmfBuilder {
public:
  DtmfBuilder(uint16_t first_seq, uint32_t ssrc, unsigned long tone)
      : first_seq_(first_seq), ssrc_(ssrc), tone_(tone) {}

  /// SIPp's prepare_noop: its sequence base moves on with each packet,
  /// which with the packet count makes the numbers step by 2.
  void noops() {
    for (int i = 0; i < kNoopPackets; ++i) {
      const uint64_t ms = kPacketMs * static_cast<uint64_t>(i);
      add(ms, rtp_packet(false, kNoopPayloadType, seq(),
                         kTimestampStart + static_cast<uint32_t>(ms), ssrc_, 0));
      ++first_seq_;
    }
    start_ms_ = kPacketMs * kNoopPackets;
    timestamp_start_ = kTimestampStart + static_cast<uint32_t>(start_ms_);
  }

  /// SIPp's prepare_dtmf_digit_start and _end for the `index`th digit.
  void digit(uint8_t event, uint64_t index) {
    const uint64_t at = start_ms_ + (index + 1) * tone_ * 2;
    const uint32_t timestamp = timestamp_start_ + static_cast<uint32_t>(index * tone_ * 2);
    for (uint64_t played = 0; played < tone_; played += kPacketMs) {
      add(at + played, rtp_packet(played == 0, kEventPayloadType, seq(), timestamp, ssrc_,
                                  event_payload(event, false, played)));
    }
    for (int i = 0; i < kEndPackets; ++i) {
      add(at + tone_ + static_cast<uint64_t>(i) + 1,
          rtp_packet(false, kEventPayloadType, seq(), timestamp, ssrc_,
                     event_payload(event, true, tone_)));
    }
  }

  PcapMedia take() { return std::move(media_); }

private:
  uint16_t seq() const { return static_cast<uint16_t>(first_seq_ + media_.packets.size()); }

  void add(uint64_t ms, std::string payload) {
    media_.packets.push_back(PcapPacket{ms * 1000, 0, std::move(payload)});
  }

  uint16_t first_seq_;
  uint32_t ssrc_;
  uint64_t tone_;
  uint64_t start_ms_ = 0;
  uint32_t timestamp_start_ = kTimestampStart;
  PcapMedia media_;
};

} // namespace

Expected<DtmfMedia> dtmf_packets(std::string_view spec, uint16_t first_seq, uint32_t ssrc) {
  const size_t comma = spec.find(',');
  const std::string_view digits = spec.substr(0, comma);
  const unsigned long tone =
      comma == std::string_view::npos ? kDefaultToneMs : tone_ms(spec.substr(comma + 1));
  DtmfBuilder builder(first_seq, ssrc, tone);
  uint64_t played = 0;
  for (char c : digits) {
    const std::optional<uint8_t> event = event_code(c);
    if (!event) {
      continue;
    }
    if (played == 0) {
      builder.noops();
    }
    builder.digit(*event, played++);
  }
  if (played == 0) {
    return Error{"play_dtmf: no DTMF digit (0-9, *, #, A-D) in '" + std::string(spec) + "'"};
  }
  DtmfMedia result;
  result.media = builder.take();
  result.next_seq = static_cast<uint16_t>(first_seq + result.media.packets.size());
  result.digits = static_cast<uint32_t>(played);
  return result;
}

} // namespace gossipper::runtime::media
