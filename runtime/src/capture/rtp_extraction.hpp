//===- rtp_extraction.hpp - The RTP each side of a call sent ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Finds the media each side of a captured call sent: the UDP datagrams
// addressed to the ports the other side offered in its SDP (c= and m=),
// and writes them as a pcap file (Ethernet frames, IPv4 or IPv6) that
// play_pcap_audio replays with the capture's spacing in time.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capture/call_grouping.hpp"
#include "capture/sip_extraction.hpp"

#include <map>
#include <string>
#include <vector>

namespace gossipper::runtime::capture {

/// A capture's datagrams by destination, made once for all its calls.
class DatagramsByDestination {
public:
  explicit DatagramsByDestination(const std::vector<CapturedDatagram> &datagrams);
  /// Those sent to `destination`, in capture order.
  [[nodiscard]] const std::vector<const CapturedDatagram *> &to(const Endpoint &destination) const;

private:
  std::map<std::string, std::vector<const CapturedDatagram *>> by_;
  std::vector<const CapturedDatagram *> none_;
};

/// The datagrams the caller (`from_caller`) or the callee sent to the
/// media addresses the other side offered, in capture order.
[[nodiscard]] std::vector<const CapturedDatagram *>
media_sent(const CapturedCall &call, const DatagramsByDestination &datagrams, bool from_caller);

/// A pcap file (link type Ethernet) holding `datagrams` as captured: times,
/// addresses and ports.
[[nodiscard]] std::string pcap_bytes(const std::vector<const CapturedDatagram *> &datagrams);

} // namespace gossipper::runtime::capture
