//===- pcap_fuzzer.cpp - Any bytes as a capture file to replay ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// libFuzzer: any bytes as a pcap file for play_pcap_audio. Capture files
// come from users and the Internet; reading one must end in packets or an
// error, never a read outside the captured bytes (ASan watches that). What
// it returns must hold together: port deltas from the lowest port, offsets
// that never go back.
//
//===----------------------------------------------------------------------===//
#include "media/pcap_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  gossipper::Expected<gossipper::runtime::media::PcapMedia> media =
      gossipper::runtime::media::read_pcap_bytes(bytes);
  if (!media) {
    if (media.error().message.empty()) {
      std::abort();
    }
    return 0;
  }
  if (media->packets.empty()) {
    std::abort();
  }
  uint64_t last = 0;
  bool delta_zero = false;
  for (const gossipper::runtime::media::PcapPacket &p : media->packets) {
    // base_port + port_delta is the packet's port: it cannot pass 65535.
    if (p.offset_us < last || media->base_port + p.port_delta > 65535 || p.payload.size() > 65527) {
      std::abort();
    }
    last = p.offset_us;
    delta_zero = delta_zero || p.port_delta == 0;
  }
  if (media->packets.front().offset_us != 0 || !delta_zero) {
    std::abort();
  }
  return 0;
}
