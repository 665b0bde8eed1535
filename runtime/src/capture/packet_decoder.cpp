//===- packet_decoder.cpp - A captured frame's IP and UDP/TCP headers -----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's prepare_pkts reads headers wherever the pointers fall; here each
// header is bounds-checked first. The link header is looked at per frame
// (SIPp decides from the first one), so a VLAN tag or an ARP frame anywhere
// is handled.
//
//===----------------------------------------------------------------------===//
#include "capture/packet_decoder.hpp"

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <cstring>

namespace gossipper::runtime::capture {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr size_t kIpv4MinHeader = 20;
constexpr size_t kIpv6Header = 40;
constexpr size_t kUdpHeader = 8;
constexpr size_t kTcpMinHeader = 20;
constexpr uint8_t kTcpSyn = 0x02;
// libpcap's numbers for these; older pcap/dlt.h headers lack the names.
constexpr int kDltIpv4 = 228;
constexpr int kDltIpv6 = 229;
constexpr int kDltLinuxSll2 = 276;
// BSD loopback's address families: AF_INET, and AF_INET6 as each BSD numbers it.
constexpr uint32_t kBsdInet = 2;
constexpr uint32_t kBsdInet6[] = {24, 28, 30};

uint16_t be16(Bytes b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }
uint32_t be32(Bytes b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

Error runs_past(const char *header, Bytes frame) {
  return Error{std::string("its ") + header + " header runs past its " +
               std::to_string(frame.size()) + " captured bytes"};
}

/// Where a frame's IP header starts, and the IP version its link header
/// announces (0 when only the header's own version field tells).
struct IpStart {
  size_t offset = 0;
  int version = 0;
};
using MaybeIp = std::optional<IpStart>;

/// DLT_NULL's family is in the capturing host's order, DLT_LOOP's in the
/// network's: either order is taken.
Expected<MaybeIp> bsd_loopback_start(Bytes frame) {
  if (frame.size() < 4) {
    return runs_past("loopback", frame);
  }
  const uint32_t big = be32(frame, 0);
  const uint32_t little = __builtin_bswap32(big);
  for (uint32_t family : {big, little}) {
    if (family == kBsdInet) {
      return MaybeIp{IpStart{4, 4}};
    }
    for (uint32_t inet6 : kBsdInet6) {
      if (family == inet6) {
        return MaybeIp{IpStart{4, 6}};
      }
    }
  }
  return MaybeIp{};
}

/// The IP header's place; nullopt when the link header carries no IP.
Expected<MaybeIp> ip_start(LinkFraming framing, Bytes frame) {
  size_t type_at = 0; // the EtherType (SLL: protocol) field
  size_t ip_at = 0;
  switch (framing) {
  case LinkFraming::raw_ip: return MaybeIp{IpStart{}};
  case LinkFraming::bsd_loopback: return bsd_loopback_start(frame);
  case LinkFraming::ethernet: type_at = 12, ip_at = 14; break; // two MAC addresses
  case LinkFraming::linux_sll:
    type_at = 14, ip_at = 16; // packet type, ARPHRD, address length, address[8]
    break;
  case LinkFraming::linux_sll2: type_at = 0, ip_at = 20; break; // protocol first
  }
  const char *link = framing == LinkFraming::ethernet ? "Ethernet" : "Linux cooked";
  if (frame.size() < ip_at) {
    return runs_past(link, frame);
  }
  uint16_t type = be16(frame, type_at);
  if (type == kEtherVlan) { // one 802.1Q tag: priority and VLAN id, then the real type
    if (frame.size() < ip_at + 4) {
      return runs_past("802.1Q", frame);
    }
    type = be16(frame, ip_at + 2);
    ip_at += 4;
  }
  if (type == kEtherIpv4 || type == kEtherIpv6) {
    return MaybeIp{IpStart{ip_at, type == kEtherIpv4 ? 4 : 6}};
  }
  return MaybeIp{}; // ARP, LLDP...: not IP, skipped as SIPp does
}

/// The IP header's length, protocol and addresses; a length of 0 when the
/// packet carries no UDP or TCP header (another protocol, a later fragment).
struct IpHeader {
  size_t length = 0;
  uint8_t protocol = 0;
  IpAddress source;
  IpAddress destination;
};

Expected<IpHeader> ip_header(int version, Bytes ip, Bytes frame) {
  IpHeader h;
  h.source.version = h.destination.version = version;
  if (version == 4) {
    if (ip.size() < kIpv4MinHeader) {
      return runs_past("IPv4", frame);
    }
    const size_t ihl = static_cast<size_t>(ip[0] & 0x0f) * 4;
    if (ihl < kIpv4MinHeader) {
      return Error{"its IPv4 header length " + std::to_string(ihl) + " is below 20 bytes"};
    }
    if (ip.size() < ihl) {
      return runs_past("IPv4", frame);
    }
    std::memcpy(h.source.bytes.data(), &ip[12], 4);
    std::memcpy(h.destination.bytes.data(), &ip[16], 4);
    h.protocol = ip[9];
    const bool later_fragment = (be16(ip, 6) & 0x1fff) != 0;
    h.length = later_fragment ? 0 : ihl;
    return h;
  }
  if (ip.size() < kIpv6Header) {
    return runs_past("IPv6", frame);
  }
  std::memcpy(h.source.bytes.data(), &ip[8], 16);
  std::memcpy(h.destination.bytes.data(), &ip[24], 16);
  // Extension headers are not followed: UDP or TCP must come next, as in SIPp.
  h.protocol = ip[6];
  h.length = kIpv6Header;
  return h;
}

Expected<std::optional<DecodedPacket>> udp_content(DecodedPacket packet, Bytes udp, Bytes frame) {
  if (udp.size() < kUdpHeader) {
    return runs_past("UDP", frame);
  }
  const size_t length = be16(udp, 4);
  if (length < kUdpHeader) {
    return Error{"its UDP length " + std::to_string(length) + " is shorter than the UDP header"};
  }
  if (length > udp.size()) {
    return Error{"its UDP length " + std::to_string(length) + " is larger than the " +
                 std::to_string(udp.size()) + " bytes captured from the UDP header on"};
  }
  packet.source_port = be16(udp, 0);
  packet.destination_port = be16(udp, 2);
  packet.payload = udp.subspan(kUdpHeader, length - kUdpHeader);
  return std::optional<DecodedPacket>(packet);
}

/// A TCP segment's payload runs to the end of the IP packet: `tcp` is cut
/// there already (Ethernet pads short frames).
Expected<std::optional<DecodedPacket>> tcp_content(DecodedPacket packet, Bytes tcp, Bytes frame) {
  if (tcp.size() < kTcpMinHeader) {
    return runs_past("TCP", frame);
  }
  const size_t offset = static_cast<size_t>(tcp[12] >> 4) * 4;
  if (offset < kTcpMinHeader) {
    return Error{"its TCP data offset " + std::to_string(offset) + " is below 20 bytes"};
  }
  if (offset > tcp.size()) {
    return runs_past("TCP", frame);
  }
  packet.protocol = TransportProtocol::tcp;
  packet.source_port = be16(tcp, 0);
  packet.destination_port = be16(tcp, 2);
  packet.tcp_sequence = be32(tcp, 4);
  packet.tcp_syn = (tcp[13] & kTcpSyn) != 0;
  packet.payload = tcp.subspan(offset);
  return std::optional<DecodedPacket>(packet);
}

/// The IP packet's bytes: its length field cuts the link layer's padding.
Bytes ip_packet_bytes(int version, Bytes ip) {
  const size_t total = version == 4 ? be16(ip, 2) : kIpv6Header + be16(ip, 4);
  return total >= (version == 4 ? kIpv4MinHeader : kIpv6Header) && total < ip.size()
             ? ip.first(total)
             : ip;
}

} // namespace

std::optional<LinkFraming> link_framing(int link_type) {
  switch (link_type) {
  case DLT_EN10MB: return LinkFraming::ethernet;
  case DLT_LINUX_SLL: return LinkFraming::linux_sll;
  case kDltLinuxSll2: return LinkFraming::linux_sll2;
  case DLT_NULL:
  case DLT_LOOP: return LinkFraming::bsd_loopback;
  case DLT_RAW:
  case kDltIpv4:
  case kDltIpv6: return LinkFraming::raw_ip;
  default: return std::nullopt;
  }
}

std::string IpAddress::text() const {
  char out[INET6_ADDRSTRLEN] = "";
  inet_ntop(version == 4 ? AF_INET : AF_INET6, bytes.data(), out, sizeof out);
  return out;
}

Expected<std::optional<DecodedPacket>> decode_packet(LinkFraming framing, Bytes frame) {
  using Maybe = std::optional<DecodedPacket>;
  Expected<MaybeIp> start = ip_start(framing, frame);
  if (!start) {
    return start.error();
  }
  if (!*start) {
    return Maybe{};
  }
  const IpStart where = **start;
  if (frame.size() <= where.offset) {
    return runs_past("IP", frame);
  }
  const Bytes ip = frame.subspan(where.offset);
  const int version = ip[0] >> 4;
  if ((version != 4 && version != 6) || (where.version != 0 && where.version != version)) {
    return Maybe{}; // not the IP its link header announced
  }
  Expected<IpHeader> header = ip_header(version, ip, frame);
  if (!header) {
    return header.error();
  }
  if (header->length == 0 || (header->protocol != kProtoUdp && header->protocol != kProtoTcp)) {
    return Maybe{};
  }
  DecodedPacket packet;
  packet.source = header->source;
  packet.destination = header->destination;
  if (header->protocol == kProtoUdp) {
    return udp_content(packet, ip.subspan(header->length), frame);
  }
  Bytes whole = ip_packet_bytes(version, ip);
  if (whole.size() < header->length) { // a total length shorter than its own header
    whole = ip;
  }
  return tcp_content(packet, whole.subspan(header->length), frame);
}

} // namespace gossipper::runtime::capture
