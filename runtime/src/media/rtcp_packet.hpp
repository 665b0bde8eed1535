//===- rtcp_packet.hpp - RTCP sender and receiver reports -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 3550 §6.4: the compound packet a stream sends (a sender or receiver
// report with at most one report block, then an SDES with the CNAME every
// compound packet must carry), and the reports read out of a received one.
// Other packet types (SDES, BYE, APP, RTPFB...) are stepped over by their
// length; a length that runs past the datagram fails the whole packet.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::media {

constexpr uint8_t kRtcpSenderReport = 200;
constexpr uint8_t kRtcpReceiverReport = 201;
constexpr uint8_t kRtcpSdes = 202;

/// What a receiver says about one source (RFC 3550 §6.4.1).
struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;   ///< since the last report, in 1/256
  int32_t cumulative_lost = 0; ///< 24-bit signed on the wire
  uint32_t highest_seq = 0;    ///< extended: cycles << 16 | sequence
  uint32_t jitter = 0;         ///< in timestamp units
  uint32_t lsr = 0;            ///< middle 32 bits of the last SR's NTP time
  uint32_t dlsr = 0;           ///< since that SR, in 1/65536 s
};

/// A sender report's sender information.
struct SenderInfo {
  uint64_t ntp = 0; ///< NTP timestamp: seconds since 1900 << 32 | fraction
  uint32_t rtp_ts = 0;
  uint32_t packets = 0;
  uint32_t octets = 0;
};

/// One SR or RR of a received compound packet.
struct RtcpReport {
  uint32_t sender_ssrc = 0;
  bool is_sender = false; ///< SR: the next four fields are meaningful
  uint64_t ntp = 0;
  uint32_t rtp_ts = 0;
  uint32_t packets = 0;
  uint32_t octets = 0;
  std::vector<ReportBlock> blocks;
};

/// Appends a compound packet to `out`: an SR when `sender` is given, else an
/// RR, with `block` if any, then an SDES CNAME (cut to 255 bytes).
void append_rtcp(std::string &out, uint32_t ssrc, const std::optional<SenderInfo> &sender,
                 const std::optional<ReportBlock> &block, std::string_view cname);

/// Every SR and RR in a compound packet, in order. Fails on a version other
/// than 2, a length past the data, or report blocks past their packet.
[[nodiscard]] Expected<std::vector<RtcpReport>> parse_rtcp(std::string_view packet);

/// The NTP timestamp of a time in microseconds since the Unix epoch.
[[nodiscard]] uint64_t ntp_from_unix_us(uint64_t unix_us);

/// The middle 32 bits of an NTP timestamp: an SR's identity in LSR.
[[nodiscard]] inline uint32_t ntp_middle(uint64_t ntp) { return static_cast<uint32_t>(ntp >> 16); }

} // namespace gossipper::runtime::media
