//===- hep_encoder.hpp - HEP3 packets for Homer ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The Homer Encapsulation Protocol, version 3: "HEP3", the packet's total
// length, then chunks (vendor 0, a type, the chunk's length with its own
// six bytes, the value, integers in network order). Pure encoding, so it is
// tested byte for byte; the exporter (hep_exporter.hpp) sends the packets.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace gossipper::runtime {

/// The chunk types of vendor 0 that we write.
enum class HepChunk : uint16_t {
  IpFamily = 0x0001,   ///< uint8: 2 (AF_INET) or 10 (AF_INET6)
  IpProtocol = 0x0002, ///< uint8: 17 UDP, 6 TCP
  Ipv4Source = 0x0003, ///< 4 bytes
  Ipv4Destination = 0x0004,
  Ipv6Source = 0x0005, ///< 16 bytes
  Ipv6Destination = 0x0006,
  SourcePort = 0x0007, ///< uint16
  DestinationPort = 0x0008,
  TimeSeconds = 0x0009,      ///< uint32, since the epoch
  TimeMicroseconds = 0x000a, ///< uint32, within the second
  ProtocolType = 0x000b,     ///< uint8: HepProtocol
  CaptureId = 0x000c,        ///< uint32
  AuthKey = 0x000e,          ///< octets
  Payload = 0x000f,          ///< octets
  CorrelationId = 0x0011,    ///< octets (a SIP message's Call-ID)
  NodeName = 0x0013,         ///< octets (the spec's group id, Homer's node)
};

/// What the payload carries (chunk 0x000b): 34 is Homer's RTP agent
/// report, a JSON object (hep_qos_report.hpp).
enum class HepProtocol : uint8_t { Sip = 1, Rtcp = 5, QosReport = 34 };

/// One captured packet. The views must outlive encode_hep3.
struct HepPacket {
  boost::asio::ip::address source;
  boost::asio::ip::address destination;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  bool tcp = false; ///< TCP or TLS; else UDP
  HepProtocol protocol = HepProtocol::Sip;
  uint64_t wall_us = 0; ///< µs since the epoch
  uint32_t capture_id = 0;
  std::string_view auth_key;       ///< no chunk when empty
  std::string_view node_name;      ///< no chunk when empty
  std::string_view correlation_id; ///< no chunk when empty
  std::string_view payload;
};

/// The largest packet: its length field is 16 bits.
inline constexpr size_t kHepMaxPacket = 0xffff;

/// Appends the packet to `out`; false (and `out` unchanged) when it would
/// exceed kHepMaxPacket. Addresses of different families are both written
/// as IPv6 (an IPv4 one mapped), since a packet has one family.
bool encode_hep3(const HepPacket &packet, std::string &out);

} // namespace gossipper::runtime
