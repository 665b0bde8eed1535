// libFuzzer: any bytes as a datagram on a media port: RTP or RTCP (rtcp-mux
// demultiplexing), a telephone-event payload, RTCP reports; then the same
// bytes cut into packets fed to a receiver's statistics. The payload must
// lie inside the packet, and a report we build must read back as built.
#include "media/receive_quality.hpp"
#include "media/rtcp_packet.hpp"
#include "media/rtp_header.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace media = gossipper::runtime::media;

uint32_t be32(const uint8_t *p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

void as_datagram(std::string_view bytes) {
  (void)media::is_rtcp(bytes);
  if (auto reports = media::parse_rtcp(bytes)) {
    for (const media::RtcpReport &r : *reports) {
      if (r.blocks.size() > 31) {
        std::abort(); // five bits of count
      }
    }
  }
  auto rtp = media::parse_rtp(bytes);
  if (!rtp) {
    return;
  }
  if (rtp->payload_offset > bytes.size() ||
      rtp->payload_size > bytes.size() - rtp->payload_offset) {
    std::abort();
  }
  (void)media::parse_telephone_event(bytes.substr(rtp->payload_offset, rtp->payload_size));
}

/// 16-byte records: the RTP header fields of a received packet and its
/// arrival delay; every 8th record a report block is taken and round-tripped.
void as_stream(const uint8_t *data, size_t size) {
  media::ReceiveQuality quality;
  uint64_t arrival_us = 0;
  constexpr uint32_t kRates[] = {0, 8000, 16000, 48000, 90000};
  for (size_t at = 0, n = 0; at + 16 <= size; at += 16, ++n) {
    auto seq = static_cast<uint16_t>((data[at] << 8) | data[at + 1]);
    arrival_us += be32(data + at + 6) % 1000000;
    quality.on_packet(seq, be32(data + at + 2), arrival_us, kRates[data[at + 10] % 5]);
    if (data[at + 11] & 1) {
      quality.on_sender_report(uint64_t{be32(data + at + 12)} << 16, arrival_us);
    }
    if (n % 8 == 7) {
      media::ReportBlock block = quality.report_block(be32(data + at + 12), arrival_us);
      std::string out;
      media::append_rtcp(out, 1, std::nullopt, block, "fuzz");
      auto back = media::parse_rtcp(out);
      if (!back || back->size() != 1 || (*back)[0].blocks.size() != 1 ||
          (*back)[0].blocks[0].cumulative_lost != block.cumulative_lost ||
          (*back)[0].blocks[0].highest_seq != block.highest_seq) {
        std::abort();
      }
    }
  }
  (void)quality.jitter_ms();
  (void)quality.max_jitter_ms();
  (void)quality.lost();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  as_datagram(bytes);
  as_stream(data, size);
  return 0;
}
