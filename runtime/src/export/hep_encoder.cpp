//===- hep_encoder.cpp - HEP3 packets for Homer ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "export/hep_encoder.hpp"

#include <array>

namespace gossipper::runtime {
namespace {

namespace ip = boost::asio::ip;

constexpr size_t kChunkHeader = 6; // vendor, type, length: uint16 each
constexpr uint8_t kFamilyV4 = 2;   // AF_INET, as the spec says (not the host's)
constexpr uint8_t kFamilyV6 = 10;  // AF_INET6 on Linux, which the spec names
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;

void put16(std::string &out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

void put32(std::string &out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v >> 16));
  put16(out, static_cast<uint16_t>(v & 0xffff));
}

void chunk_header(std::string &out, HepChunk type, size_t value_size) {
  put16(out, 0); // vendor 0: the generic chunks
  put16(out, static_cast<uint16_t>(type));
  put16(out, static_cast<uint16_t>(kChunkHeader + value_size));
}

void chunk_u8(std::string &out, HepChunk type, uint8_t v) {
  chunk_header(out, type, 1);
  out.push_back(static_cast<char>(v));
}

void chunk_u16(std::string &out, HepChunk type, uint16_t v) {
  chunk_header(out, type, 2);
  put16(out, v);
}

void chunk_u32(std::string &out, HepChunk type, uint32_t v) {
  chunk_header(out, type, 4);
  put32(out, v);
}

void chunk_octets(std::string &out, HepChunk type, std::string_view v) {
  if (v.empty()) {
    return;
  }
  chunk_header(out, type, v.size());
  out.append(v);
}

template <size_t N>
void chunk_bytes(std::string &out, HepChunk type, const std::array<uint8_t, N> &b) {
  chunk_header(out, type, N);
  out.append(reinterpret_cast<const char *>(b.data()), N);
}

ip::address_v6 as_v6(const ip::address &a) {
  return a.is_v6() ? a.to_v6() : ip::make_address_v6(ip::v4_mapped, a.to_v4());
}

size_t octets_size(std::string_view v) { return v.empty() ? 0 : kChunkHeader + v.size(); }

} // namespace

bool encode_hep3(const HepPacket &p, std::string &out) {
  bool v4 = p.source.is_v4() && p.destination.is_v4();
  size_t address_size = v4 ? 4 : 16;
  // Family, protocol, two addresses, two ports, seconds, µs, type, capture id.
  size_t fixed = (kChunkHeader + 1) * 3 + (kChunkHeader + address_size) * 2 +
                 (kChunkHeader + 2) * 2 + (kChunkHeader + 4) * 3;
  size_t total = 6 + fixed + octets_size(p.auth_key) + octets_size(p.correlation_id) +
                 octets_size(p.node_name) + octets_size(p.payload);
  if (total > kHepMaxPacket) {
    return false;
  }
  out.reserve(out.size() + total);
  out.append("HEP3");
  put16(out, static_cast<uint16_t>(total));
  chunk_u8(out, HepChunk::IpFamily, v4 ? kFamilyV4 : kFamilyV6);
  chunk_u8(out, HepChunk::IpProtocol, p.tcp ? kProtoTcp : kProtoUdp);
  if (v4) {
    chunk_bytes(out, HepChunk::Ipv4Source, p.source.to_v4().to_bytes());
    chunk_bytes(out, HepChunk::Ipv4Destination, p.destination.to_v4().to_bytes());
  } else {
    chunk_bytes(out, HepChunk::Ipv6Source, as_v6(p.source).to_bytes());
    chunk_bytes(out, HepChunk::Ipv6Destination, as_v6(p.destination).to_bytes());
  }
  chunk_u16(out, HepChunk::SourcePort, p.source_port);
  chunk_u16(out, HepChunk::DestinationPort, p.destination_port);
  chunk_u32(out, HepChunk::TimeSeconds, static_cast<uint32_t>(p.wall_us / 1000000));
  chunk_u32(out, HepChunk::TimeMicroseconds, static_cast<uint32_t>(p.wall_us % 1000000));
  chunk_u8(out, HepChunk::ProtocolType, static_cast<uint8_t>(p.protocol));
  chunk_u32(out, HepChunk::CaptureId, p.capture_id);
  chunk_octets(out, HepChunk::AuthKey, p.auth_key);
  chunk_octets(out, HepChunk::CorrelationId, p.correlation_id);
  chunk_octets(out, HepChunk::NodeName, p.node_name);
  chunk_octets(out, HepChunk::Payload, p.payload);
  return true;
}

} // namespace gossipper::runtime
