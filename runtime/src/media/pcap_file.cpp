//===- pcap_file.cpp - A capture file read for replay ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's prepare_pkts reads headers wherever the pointers fall; here each
// header is bounds-checked against the captured bytes first, and a packet
// that does not hold what its headers claim is an error rather than a read
// past the buffer. The link header is looked at per packet (SIPp decides
// from the first one), so a VLAN tag or an ARP frame anywhere is handled.
//
//===----------------------------------------------------------------------===//
#include "media/pcap_file.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>

namespace gossipper::runtime::media {
namespace {

using Bytes = std::span<const uint8_t>;

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint8_t kProtoUdp = 17;
constexpr size_t kIpv4MinHeader = 20;
constexpr size_t kIpv6Header = 40;
constexpr size_t kUdpHeader = 8;
// libpcap's numbers for these; older pcap/dlt.h headers lack the names.
constexpr int kDltIpv4 = 228;
constexpr int kDltIpv6 = 229;
constexpr int kDltLinuxSll2 = 276;

uint16_t be16(Bytes b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }

/// What comes before the IP header.
enum class Framing { ethernet, linux_sll, linux_sll2, raw_ip };

std::optional<Framing> framing_of(int link) {
  switch (link) {
  case DLT_EN10MB: return Framing::ethernet;
  case DLT_LINUX_SLL: return Framing::linux_sll;
  case kDltLinuxSll2: return Framing::linux_sll2;
  case DLT_RAW:
  case kDltIpv4:
  case kDltIpv6: return Framing::raw_ip;
  default: return std::nullopt;
  }
}

Error runs_past(const char *header, Bytes packet) {
  return Error{std::string("its ") + header + " header runs past its " +
               std::to_string(packet.size()) + " captured bytes"};
}

/// Where a packet's IP header starts, and the IP version its link header
/// announces (0 for raw IP: the header's own version field tells).
struct IpStart {
  size_t offset = 0;
  int version = 0;
};
using MaybeIp = std::optional<IpStart>;

/// The IP header's place; nullopt when the link header carries no IP.
Expected<MaybeIp> ip_start(Framing framing, Bytes packet) {
  size_t type_at = 0; // the EtherType (SLL: protocol) field
  size_t ip_at = 0;
  switch (framing) {
  case Framing::raw_ip: return MaybeIp{IpStart{}};
  case Framing::ethernet: type_at = 12, ip_at = 14; break; // two MAC addresses
  case Framing::linux_sll:
    type_at = 14, ip_at = 16; // packet type, ARPHRD, address length, address[8]
    break;
  case Framing::linux_sll2: type_at = 0, ip_at = 20; break; // protocol first
  }
  const char *link = framing == Framing::ethernet ? "Ethernet" : "Linux cooked";
  if (packet.size() < ip_at) {
    return runs_past(link, packet);
  }
  uint16_t type = be16(packet, type_at);
  if (type == kEtherVlan) { // one 802.1Q tag: priority and VLAN id, then the real type
    if (packet.size() < ip_at + 4) {
      return runs_past("802.1Q", packet);
    }
    type = be16(packet, ip_at + 2);
    ip_at += 4;
  }
  if (type == kEtherIpv4 || type == kEtherIpv6) {
    return MaybeIp{IpStart{ip_at, type == kEtherIpv4 ? 4 : 6}};
  }
  return MaybeIp{}; // ARP, LLDP...: not IP, skipped as SIPp does
}

/// A packet's UDP datagram, as views into the packet.
struct Datagram {
  uint16_t dport = 0;
  Bytes payload;
};
using MaybeDatagram = std::optional<Datagram>;

/// Where the UDP header starts inside the IP packet `ip`; 0 when the packet
/// is not UDP (or is a later fragment, which has no UDP header).
Expected<size_t> udp_offset(int version, Bytes ip, Bytes packet) {
  if (version == 4) {
    if (ip.size() < kIpv4MinHeader) {
      return runs_past("IPv4", packet);
    }
    const size_t ihl = static_cast<size_t>(ip[0] & 0x0f) * 4;
    if (ihl < kIpv4MinHeader) {
      return Error{"its IPv4 header length " + std::to_string(ihl) + " is below 20 bytes"};
    }
    if (ip.size() < ihl) {
      return runs_past("IPv4", packet);
    }
    const bool later_fragment = (be16(ip, 6) & 0x1fff) != 0;
    return ip[9] == kProtoUdp && !later_fragment ? ihl : 0;
  }
  if (ip.size() < kIpv6Header) {
    return runs_past("IPv6", packet);
  }
  // Extension headers are not followed: UDP must come next, as in SIPp.
  return ip[6] == kProtoUdp ? kIpv6Header : 0;
}

/// The packet's UDP datagram; nullopt when it is not UDP over IP.
Expected<MaybeDatagram> udp_datagram(Framing framing, Bytes packet) {
  Expected<MaybeIp> start = ip_start(framing, packet);
  if (!start) {
    return start.error();
  }
  if (!*start) {
    return MaybeDatagram{};
  }
  const IpStart where = **start;
  if (packet.size() <= where.offset) {
    return runs_past("IP", packet);
  }
  const Bytes ip = packet.subspan(where.offset);
  const int version = ip[0] >> 4;
  if ((version != 4 && version != 6) || (where.version != 0 && where.version != version)) {
    return MaybeDatagram{}; // not the IP its link header announced
  }
  Expected<size_t> udp_at = udp_offset(version, ip, packet);
  if (!udp_at) {
    return udp_at.error();
  }
  if (*udp_at == 0) {
    return MaybeDatagram{};
  }
  const Bytes udp = ip.subspan(*udp_at);
  if (udp.size() < kUdpHeader) {
    return runs_past("UDP", packet);
  }
  const size_t length = be16(udp, 4);
  if (length < kUdpHeader) {
    return Error{"its UDP length " + std::to_string(length) + " is shorter than the UDP header"};
  }
  if (length > udp.size()) {
    return Error{"its UDP length " + std::to_string(length) + " is larger than the " +
                 std::to_string(udp.size()) + " bytes captured from the UDP header on"};
  }
  return MaybeDatagram{Datagram{be16(udp, 2), udp.subspan(kUdpHeader, length - kUdpHeader)}};
}

/// A time stamp in microseconds, saturated: pcapng stamps, scaled by
/// libpcap, can lie far outside what fits.
int64_t stamp_us(const timeval &ts) {
  int64_t us = 0;
  if (__builtin_mul_overflow(static_cast<int64_t>(ts.tv_sec), int64_t{1000000}, &us) ||
      __builtin_add_overflow(us, static_cast<int64_t>(ts.tv_usec), &us)) {
    return ts.tv_sec < 0 ? std::numeric_limits<int64_t>::min()
                         : std::numeric_limits<int64_t>::max();
  }
  return us;
}

/// SIPp's do_sleep: the wait before a packet is its stamp minus the previous
/// packet's, or nothing when that is not positive.
class ReplayClock {
public:
  uint64_t offset_us(int64_t stamp) {
    if (last_ && stamp > *last_) {
      // stamp > last: the unsigned difference is the exact step.
      const uint64_t step = static_cast<uint64_t>(stamp) - static_cast<uint64_t>(*last_);
      const uint64_t room = std::numeric_limits<uint64_t>::max() - elapsed_;
      elapsed_ += step < room ? step : room;
    }
    last_ = stamp;
    return elapsed_;
  }

private:
  std::optional<int64_t> last_;
  uint64_t elapsed_ = 0;
};

std::string unsupported_link(int link, const std::string &name) {
  const char *link_name = pcap_datalink_val_to_name(link);
  return "PCAP file '" + name + "': unsupported link type " + std::to_string(link) + " (" +
         (link_name != nullptr ? link_name : "unknown") +
         "); Ethernet, Linux cooked and raw IP captures can be played";
}

Expected<PcapMedia> read_capture(pcap_t *pcap, const std::string &name) {
  const int link = pcap_datalink(pcap);
  const std::optional<Framing> framing = framing_of(link);
  if (!framing) {
    return Error{unsupported_link(link, name)};
  }
  PcapMedia media;
  std::vector<uint16_t> dports;
  ReplayClock clock;
  pcap_pkthdr *header = nullptr;
  const u_char *data = nullptr;
  size_t number = 0; // as Wireshark counts: every packet, skipped ones too
  int got = 0;
  while ((got = pcap_next_ex(pcap, &header, &data)) == 1) {
    ++number;
    const std::string where = "PCAP file '" + name + "', packet " + std::to_string(number);
    if (header->caplen < header->len) {
      return Error{"You got truncated packets (" + where + ": " + std::to_string(header->caplen) +
                   " of " + std::to_string(header->len) +
                   " bytes captured). Please create a new dump with -s0"};
    }
    Expected<MaybeDatagram> datagram = udp_datagram(*framing, Bytes(data, header->caplen));
    if (!datagram) {
      return Error{where + ": " + datagram.error().message};
    }
    if (!*datagram) {
      continue;
    }
    const Bytes payload = (*datagram)->payload;
    PcapPacket &packet = media.packets.emplace_back();
    packet.offset_us = clock.offset_us(stamp_us(header->ts));
    packet.payload.assign(reinterpret_cast<const char *>(payload.data()), payload.size());
    dports.push_back((*datagram)->dport);
  }
  if (got == PCAP_ERROR) {
    return Error{"Can't read PCAP file '" + name + "': " + pcap_geterr(pcap)};
  }
  if (media.packets.empty()) {
    return Error{"no RTP/UDP packet in PCAP file '" + name + "'"};
  }
  // A UDP length is 16 bits, so no payload can exceed 65,535 bytes: a
  // replay's datagram buffer of that size always suffices.
  media.base_port = *std::min_element(dports.begin(), dports.end());
  for (size_t i = 0; i < dports.size(); ++i) {
    media.packets[i].port_delta = static_cast<uint16_t>(dports[i] - media.base_port);
  }
  return media;
}

/// Reads the capture open as `file`, which it closes.
Expected<PcapMedia> read_stream(FILE *file, const std::string &name) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *pcap = pcap_fopen_offline(file, errbuf);
  if (pcap == nullptr) { // libpcap leaves the FILE to us when it fails
    std::fclose(file);
    return Error{"Can't open PCAP file '" + name + "': " + errbuf};
  }
  const std::unique_ptr<pcap_t, decltype(&pcap_close)> owner(pcap, &pcap_close);
  return read_capture(pcap, name);
}

} // namespace

Expected<PcapMedia> read_pcap_file(const std::string &path) {
  // fopen, not pcap_open_offline: that one reads standard input for "-".
  FILE *file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Error{"Can't open PCAP file '" + path + "': " + std::strerror(errno)};
  }
  return read_stream(file, path);
}

Expected<PcapMedia> read_pcap_bytes(std::string_view bytes, std::string_view name) {
  const std::string file_name(name);
  if (bytes.empty()) { // fmemopen refuses a zero-sized buffer
    return Error{"Can't open PCAP file '" + file_name + "': the file is empty"};
  }
  // Mode "r" only reads the buffer: the const_cast never leads to a write.
  FILE *file = fmemopen(const_cast<char *>(bytes.data()), bytes.size(), "r");
  if (file == nullptr) {
    return Error{"Can't open PCAP file '" + file_name + "': " + std::strerror(errno)};
  }
  return read_stream(file, file_name);
}

} // namespace gossipper::runtime::media
