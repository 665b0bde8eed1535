//===- hep_encoder.cpp - HEP3 packets for Homer ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "export/hep_encoder.hpp"

#include <array>
#include <cstring>

namespace gossipper::runtime {
namespace {

namespace ip = boost::asio::ip;

constexpr size_t kChunkHeader = 6; // vendor, type, length: uint16 each
constexpr uint8_t kFamilyV4 = 2;   // AF_INET, as the spec says (not the host's)
constexpr uint8_t kFamilyV6 = 10;  // AF_INET6 on Linux, which the spec names
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;

/// Writes into room the caller made (encode_hep3 sizes the packet first):
/// byte by byte appends to a string were most of the encoding's cost.
class Writer {
public:
  explicit Writer(char *at) : at_(at) {}

  void put16(uint16_t v) {
    at_[0] = static_cast<char>(v >> 8);
    at_[1] = static_cast<char>(v & 0xff);
    at_ += 2;
  }
  void put32(uint32_t v) {
    put16(static_cast<uint16_t>(v >> 16));
    put16(static_cast<uint16_t>(v & 0xffff));
  }
  void bytes(const void *data, size_t size) {
    std::memcpy(at_, data, size);
    at_ += size;
  }
  void chunk_header(HepChunk type, size_t value_size) {
    put16(0); // vendor 0: the generic chunks
    put16(static_cast<uint16_t>(type));
    put16(static_cast<uint16_t>(kChunkHeader + value_size));
  }
  void chunk_u8(HepChunk type, uint8_t v) {
    chunk_header(type, 1);
    *at_++ = static_cast<char>(v);
  }
  void chunk_u16(HepChunk type, uint16_t v) {
    chunk_header(type, 2);
    put16(v);
  }
  void chunk_u32(HepChunk type, uint32_t v) {
    chunk_header(type, 4);
    put32(v);
  }
  void chunk_octets(HepChunk type, std::string_view v) {
    if (v.empty()) {
      return;
    }
    chunk_header(type, v.size());
    bytes(v.data(), v.size());
  }
  template <size_t N> void chunk_bytes(HepChunk type, const std::array<uint8_t, N> &b) {
    chunk_header(type, N);
    bytes(b.data(), N);
  }

private:
  char *at_;
};

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
  size_t at = out.size();
  out.resize(at + total);
  Writer w(out.data() + at);
  w.bytes("HEP3", 4);
  w.put16(static_cast<uint16_t>(total));
  w.chunk_u8(HepChunk::IpFamily, v4 ? kFamilyV4 : kFamilyV6);
  w.chunk_u8(HepChunk::IpProtocol, p.tcp ? kProtoTcp : kProtoUdp);
  if (v4) {
    w.chunk_bytes(HepChunk::Ipv4Source, p.source.to_v4().to_bytes());
    w.chunk_bytes(HepChunk::Ipv4Destination, p.destination.to_v4().to_bytes());
  } else {
    w.chunk_bytes(HepChunk::Ipv6Source, as_v6(p.source).to_bytes());
    w.chunk_bytes(HepChunk::Ipv6Destination, as_v6(p.destination).to_bytes());
  }
  w.chunk_u16(HepChunk::SourcePort, p.source_port);
  w.chunk_u16(HepChunk::DestinationPort, p.destination_port);
  w.chunk_u32(HepChunk::TimeSeconds, static_cast<uint32_t>(p.wall_us / 1000000));
  w.chunk_u32(HepChunk::TimeMicroseconds, static_cast<uint32_t>(p.wall_us % 1000000));
  w.chunk_u8(HepChunk::ProtocolType, static_cast<uint8_t>(p.protocol));
  w.chunk_u32(HepChunk::CaptureId, p.capture_id);
  w.chunk_octets(HepChunk::AuthKey, p.auth_key);
  w.chunk_octets(HepChunk::CorrelationId, p.correlation_id);
  w.chunk_octets(HepChunk::NodeName, p.node_name);
  w.chunk_octets(HepChunk::Payload, p.payload);
  return true;
}

} // namespace gossipper::runtime
