//===- sip_extraction.hpp - The SIP messages of a capture ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The SIP messages a capture holds, in the order they crossed the wire: each
// UDP datagram that parses as SIP, and each message framed from a TCP
// connection's bytes put back in sequence order (segments retransmitted or
// out of order handled, as a receiver's stack would). The other UDP
// datagrams are kept for the RTP they may carry.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capture/capture_file.hpp"
#include "capture/packet_decoder.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace gossipper::runtime::capture {

/// An address and port.
struct Endpoint {
  IpAddress address;
  uint16_t port = 0;

  /// "1.2.3.4:5060", "[::1]:5060".
  [[nodiscard]] std::string text() const;
  friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

struct CapturedSip {
  size_t frame = 0; ///< the frame that completed it
  int64_t stamp_us = 0;
  TransportProtocol transport = TransportProtocol::udp;
  Endpoint source;
  Endpoint destination;
  std::string text;
};

struct CapturedDatagram {
  size_t frame = 0;
  int64_t stamp_us = 0;
  Endpoint source;
  Endpoint destination;
  std::string payload;
};

struct CaptureContent {
  std::vector<CapturedSip> sip;
  std::vector<CapturedDatagram> datagrams; ///< UDP that is not SIP
  size_t frames = 0;
};

/// Reads the capture. An error, naming the file and the frame, when a
/// frame was captured short of its length (SIP cut off) or is malformed;
/// one when the file cannot be read (see for_each_frame).
Expected<CaptureContent> extract_sip(const CaptureSource &source);

} // namespace gossipper::runtime::capture
