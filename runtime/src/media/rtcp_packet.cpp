//===- rtcp_packet.cpp - RTCP sender and receiver reports -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/rtcp_packet.hpp"

#include <algorithm>
#include <cstddef>

namespace gossipper::runtime::media {
namespace {

constexpr size_t kBlockSize = 24;
constexpr size_t kSenderInfoSize = 20;
constexpr uint8_t kCname = 1;

void put8(std::string &out, uint32_t v) { out.push_back(static_cast<char>(v & 0xff)); }

void put16(std::string &out, uint32_t v) {
  put8(out, v >> 8);
  put8(out, v);
}

void put32(std::string &out, uint32_t v) {
  put16(out, v >> 16);
  put16(out, v);
}

/// The common header: version 2, no padding, `count` in the low five bits.
void put_header(std::string &out, uint8_t count, uint8_t type, size_t bytes) {
  put8(out, 0x80u | (count & 0x1fu));
  put8(out, type);
  put16(out, static_cast<uint32_t>(bytes / 4 - 1)); // length in words, minus one
}

void put_block(std::string &out, const ReportBlock &b) {
  put32(out, b.ssrc);
  // Cumulative loss is 24-bit two's complement: clamp, then keep 24 bits.
  int32_t lost = std::clamp<int32_t>(b.cumulative_lost, -0x800000, 0x7fffff);
  put32(out, (uint32_t{b.fraction_lost} << 24) | (static_cast<uint32_t>(lost) & 0xffffffu));
  put32(out, b.highest_seq);
  put32(out, b.jitter);
  put32(out, b.lsr);
  put32(out, b.dlsr);
}

uint8_t byte_at(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

uint32_t be32(std::string_view s, size_t i) {
  return (uint32_t{byte_at(s, i)} << 24) | (uint32_t{byte_at(s, i + 1)} << 16) |
         (uint32_t{byte_at(s, i + 2)} << 8) | uint32_t{byte_at(s, i + 3)};
}

ReportBlock read_block(std::string_view s, size_t at) {
  ReportBlock b;
  b.ssrc = be32(s, at);
  uint32_t loss = be32(s, at + 4);
  b.fraction_lost = static_cast<uint8_t>(loss >> 24);
  // Sign-extend the 24-bit count.
  uint32_t count = loss & 0xffffffu;
  b.cumulative_lost = (count & 0x800000u) != 0 ? static_cast<int32_t>(count) - 0x1000000
                                               : static_cast<int32_t>(count);
  b.highest_seq = be32(s, at + 8);
  b.jitter = be32(s, at + 12);
  b.lsr = be32(s, at + 16);
  b.dlsr = be32(s, at + 20);
  return b;
}

/// An SR or RR of `bytes` bytes (its length field's) at `packet`'s start.
Expected<RtcpReport> read_report(std::string_view packet, bool sender) {
  size_t count = byte_at(packet, 0) & 0x1fu;
  size_t fixed = 8 + (sender ? kSenderInfoSize : 0);
  if (fixed + count * kBlockSize > packet.size()) {
    return Error{"RTCP: report blocks past the end of their packet"};
  }
  RtcpReport r;
  r.sender_ssrc = be32(packet, 4);
  r.is_sender = sender;
  if (sender) {
    r.ntp = (uint64_t{be32(packet, 8)} << 32) | be32(packet, 12);
    r.rtp_ts = be32(packet, 16);
    r.packets = be32(packet, 20);
    r.octets = be32(packet, 24);
  }
  r.blocks.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    r.blocks.push_back(read_block(packet, fixed + i * kBlockSize));
  }
  return r;
}

} // namespace

void append_rtcp(std::string &out, uint32_t ssrc, const std::optional<SenderInfo> &sender,
                 const std::optional<ReportBlock> &block, std::string_view cname) {
  uint8_t blocks = block ? 1 : 0;
  size_t report_size = 8 + (sender ? kSenderInfoSize : 0) + blocks * kBlockSize;
  put_header(out, blocks, sender ? kRtcpSenderReport : kRtcpReceiverReport, report_size);
  put32(out, ssrc);
  if (sender) {
    put32(out, static_cast<uint32_t>(sender->ntp >> 32));
    put32(out, static_cast<uint32_t>(sender->ntp));
    put32(out, sender->rtp_ts);
    put32(out, sender->packets);
    put32(out, sender->octets);
  }
  if (block) {
    put_block(out, *block);
  }
  // SDES, one chunk: SSRC, CNAME item, then at least one zero byte ending
  // the item list, up to a 32-bit boundary (RFC 3550 §6.5).
  cname = cname.substr(0, 255);
  size_t items = 2 + cname.size() + 1;
  size_t chunk = 4 + (items + 3) / 4 * 4;
  put_header(out, 1, kRtcpSdes, 4 + chunk);
  put32(out, ssrc);
  put8(out, kCname);
  put8(out, static_cast<uint32_t>(cname.size()));
  out.append(cname);
  out.append(chunk - 4 - 2 - cname.size(), '\0');
}

Expected<std::vector<RtcpReport>> parse_rtcp(std::string_view packet) {
  if (packet.empty()) {
    return Error{"RTCP: empty packet"};
  }
  std::vector<RtcpReport> reports;
  size_t at = 0;
  while (at < packet.size()) {
    if (packet.size() - at < 4) {
      return Error{"RTCP: truncated packet header"};
    }
    if ((byte_at(packet, at) >> 6) != 2) {
      return Error{"RTCP: version " + std::to_string(byte_at(packet, at) >> 6)};
    }
    uint8_t type = byte_at(packet, at + 1);
    size_t words = (size_t{byte_at(packet, at + 2)} << 8) | byte_at(packet, at + 3);
    size_t bytes = (words + 1) * 4;
    if (bytes > packet.size() - at) {
      return Error{"RTCP: packet length past the end of the data"};
    }
    if (type == kRtcpSenderReport || type == kRtcpReceiverReport) {
      Expected<RtcpReport> report =
          read_report(packet.substr(at, bytes), type == kRtcpSenderReport);
      if (!report) {
        return report.error();
      }
      reports.push_back(std::move(*report));
    }
    at += bytes;
  }
  return reports;
}

uint64_t ntp_from_unix_us(uint64_t unix_us) {
  constexpr uint64_t kUnixToNtp = 2208988800u; // seconds from 1900 to 1970
  uint64_t seconds = unix_us / 1000000 + kUnixToNtp;
  uint64_t fraction = ((unix_us % 1000000) << 32) / 1000000;
  return (seconds << 32) | fraction;
}

} // namespace gossipper::runtime::media
