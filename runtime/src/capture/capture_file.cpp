//===- capture_file.cpp - The frames of a pcap or pcapng file -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/capture_file.hpp"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace gossipper::runtime::capture {
namespace {

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

std::string unsupported_link(int link, const std::string &name) {
  const char *link_name = pcap_datalink_val_to_name(link);
  return "PCAP file '" + name + "': unsupported link type " + std::to_string(link) + " (" +
         (link_name != nullptr ? link_name : "unknown") +
         "); Ethernet, Linux cooked, BSD loopback and raw IP captures can be read";
}

Expected<void> read_frames(pcap_t *pcap, const std::string &name, const FrameVisitor &visit) {
  const int link = pcap_datalink(pcap);
  const std::optional<LinkFraming> framing = link_framing(link);
  if (!framing) {
    return Error{unsupported_link(link, name)};
  }
  pcap_pkthdr *header = nullptr;
  const u_char *data = nullptr;
  CapturedFrame frame;
  frame.framing = *framing;
  int got = 0;
  while ((got = pcap_next_ex(pcap, &header, &data)) == 1) {
    ++frame.number;
    frame.stamp_us = stamp_us(header->ts);
    frame.wire_length = header->len;
    frame.bytes = Bytes(data, header->caplen);
    Expected<void> visited = visit(frame);
    if (!visited) {
      return visited;
    }
  }
  if (got == PCAP_ERROR) {
    return Error{"Can't read PCAP file '" + name + "': " + pcap_geterr(pcap)};
  }
  return {};
}

/// Reads the capture open as `file`, which it closes.
Expected<void> read_stream(FILE *file, const std::string &name, const FrameVisitor &visit) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *pcap = pcap_fopen_offline(file, errbuf);
  if (pcap == nullptr) { // libpcap leaves the FILE to us when it fails
    std::fclose(file);
    return Error{"Can't open PCAP file '" + name + "': " + errbuf};
  }
  const std::unique_ptr<pcap_t, decltype(&pcap_close)> owner(pcap, &pcap_close);
  return read_frames(pcap, name, visit);
}

} // namespace

Expected<void> for_each_frame(const CaptureSource &source, const FrameVisitor &visit) {
  if (!source.in_memory) {
    // fopen, not pcap_open_offline: that one reads standard input for "-".
    FILE *file = std::fopen(source.name.c_str(), "rb");
    if (file == nullptr) {
      return Error{"Can't open PCAP file '" + source.name + "': " + std::strerror(errno)};
    }
    return read_stream(file, source.name, visit);
  }
  if (source.bytes.empty()) { // fmemopen refuses a zero-sized buffer
    return Error{"Can't open PCAP file '" + source.name + "': the file is empty"};
  }
  // Mode "r" only reads the buffer: the const_cast never leads to a write.
  FILE *file = fmemopen(const_cast<char *>(source.bytes.data()), source.bytes.size(), "r");
  if (file == nullptr) {
    return Error{"Can't open PCAP file '" + source.name + "': " + std::strerror(errno)};
  }
  return read_stream(file, source.name, visit);
}

} // namespace gossipper::runtime::capture
