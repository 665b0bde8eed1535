//===- pcap_file.hpp - A capture file read for replay ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <exec play_pcap_audio="..."/> and friends send the UDP payloads of a
// capture file again, with the capture's spacing in time and its ports moved
// onto the call's media port. This reads the file once, the way SIPp's
// prepare_pkts does, into what such a replay needs and nothing else: the
// datagrams' payloads, when to send each, and how far each one's destination
// port lies above the capture's lowest. The file is untrusted input: every
// header is checked against the bytes captured before it is read.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::media {

/// One UDP datagram of the capture.
struct PcapPacket {
  /// When to send it, in microseconds after the first packet. A packet
  /// stamped earlier than the one before it adds no time: SIPp's do_sleep
  /// never sleeps backwards, so this is the sum of the positive steps.
  uint64_t offset_us = 0;
  /// Its destination port minus PcapMedia::base_port: a replay sends it to
  /// the call's media port plus this, so audio and video keep their spacing.
  uint16_t port_delta = 0;
  /// The UDP payload (RTP, UDPTL...), without the UDP header.
  std::string payload;
};

/// The UDP datagrams of a capture, in file order.
struct PcapMedia {
  std::vector<PcapPacket> packets;
  /// The smallest UDP destination port in the capture.
  uint16_t base_port = 0;
};

/// Reads the capture file at `path` (pcap or pcapng; link types Ethernet
/// with at most one 802.1Q tag, Linux cooked v1 and v2, raw IP). Packets
/// that are not UDP over IPv4 or IPv6 are skipped. An error, naming the
/// file, when the file cannot be read, is not a capture, uses another link
/// type, holds a packet captured short of its length (SIPp's "-s0"
/// complaint) or a malformed one, or holds no UDP packet at all.
Expected<PcapMedia> read_pcap_file(const std::string &path);

/// The same from a capture held in memory; `name` stands for the file in
/// error messages.
Expected<PcapMedia> read_pcap_bytes(std::string_view bytes, std::string_view name = "<memory>");

} // namespace gossipper::runtime::media
