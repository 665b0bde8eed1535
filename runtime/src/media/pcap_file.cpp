//===- pcap_file.cpp - A capture file read for replay ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The frames are read and their headers checked by the capture room
// (capture/capture_file, capture/packet_decoder); this keeps the UDP
// datagrams and times them as SIPp's prepare_pkts and do_sleep do.
//
//===----------------------------------------------------------------------===//
#include "media/pcap_file.hpp"

#include "capture/capture_file.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace gossipper::runtime::media {
namespace {

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

Expected<PcapMedia> read_capture(const capture::CaptureSource &source) {
  PcapMedia media;
  std::vector<uint16_t> dports;
  ReplayClock clock;
  Expected<void> read =
      capture::for_each_frame(source, [&](const capture::CapturedFrame &frame) -> Expected<void> {
        const std::string where =
            "PCAP file '" + source.name + "', packet " + std::to_string(frame.number);
        if (frame.bytes.size() < frame.wire_length) {
          return Error{"You got truncated packets (" + where + ": " +
                       std::to_string(frame.bytes.size()) + " of " +
                       std::to_string(frame.wire_length) +
                       " bytes captured). Please create a new dump with -s0"};
        }
        Expected<std::optional<capture::DecodedPacket>> decoded =
            capture::decode_packet(frame.framing, frame.bytes);
        if (!decoded) {
          return Error{where + ": " + decoded.error().message};
        }
        if (!*decoded || (*decoded)->protocol != capture::TransportProtocol::udp) {
          return {};
        }
        const capture::Bytes payload = (*decoded)->payload;
        PcapPacket &packet = media.packets.emplace_back();
        packet.offset_us = clock.offset_us(frame.stamp_us);
        packet.payload.assign(reinterpret_cast<const char *>(payload.data()), payload.size());
        dports.push_back((*decoded)->destination_port);
        return {};
      });
  if (!read) {
    return read.error();
  }
  if (media.packets.empty()) {
    return Error{"no RTP/UDP packet in PCAP file '" + source.name + "'"};
  }
  // A UDP length is 16 bits, so no payload can exceed 65,535 bytes: a
  // replay's datagram buffer of that size always suffices.
  media.base_port = *std::min_element(dports.begin(), dports.end());
  for (size_t i = 0; i < dports.size(); ++i) {
    media.packets[i].port_delta = static_cast<uint16_t>(dports[i] - media.base_port);
  }
  return media;
}

} // namespace

Expected<PcapMedia> read_pcap_file(const std::string &path) {
  return read_capture(capture::CaptureSource{path, {}, false});
}

Expected<PcapMedia> read_pcap_bytes(std::string_view bytes, std::string_view name) {
  return read_capture(capture::CaptureSource{std::string(name), bytes, true});
}

} // namespace gossipper::runtime::media
