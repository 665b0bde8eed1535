//===- packet_decoder.hpp - A captured frame's IP and UDP/TCP headers -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One captured frame, read down from its link header through IPv4 or IPv6
// to UDP or TCP: addresses, ports and the transport's payload as views into
// the frame. Captures are untrusted input: every header is checked against
// the bytes captured before it is read, and a frame that does not hold what
// its headers claim is an error naming the header. Both play_pcap_audio's
// reader (media/pcap_file) and pcap2scenario's read frames through this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace gossipper::runtime::capture {

using Bytes = std::span<const uint8_t>;

/// What comes before the IP header.
enum class LinkFraming : uint8_t { ethernet, linux_sll, linux_sll2, raw_ip, bsd_loopback };

/// The framing of a pcap link type (DLT_*); none for a type not read.
[[nodiscard]] std::optional<LinkFraming> link_framing(int link_type);

enum class TransportProtocol : uint8_t { udp, tcp };

/// An IP address as captured: 4 bytes used for IPv4, 16 for IPv6.
struct IpAddress {
  int version = 4;
  std::array<uint8_t, 16> bytes{};

  [[nodiscard]] std::string text() const; ///< dotted or RFC 5952 form
  friend bool operator==(const IpAddress &, const IpAddress &) = default;
};

/// A frame's UDP datagram or TCP segment.
struct DecodedPacket {
  IpAddress source;
  IpAddress destination;
  TransportProtocol protocol = TransportProtocol::udp;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint32_t tcp_sequence = 0; ///< TCP only
  bool tcp_syn = false;      ///< TCP only: SYN takes a sequence number
  Bytes payload;             ///< after the UDP or TCP header
};

/// The frame's UDP or TCP content; none when it carries neither (ARP, ICMP,
/// a later IPv4 fragment, IPv6 extension headers), an error when a header
/// runs past the captured bytes or contradicts itself.
Expected<std::optional<DecodedPacket>> decode_packet(LinkFraming framing, Bytes frame);

} // namespace gossipper::runtime::capture
