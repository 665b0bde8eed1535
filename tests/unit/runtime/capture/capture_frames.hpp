//===- capture_frames.hpp - Captures built in memory for the tests -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Frames written by hand (IPv4 or IPv6, UDP or TCP, under each link header
// the reader takes) and the pcap file around them, so each test states the
// bytes it reads.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::capture::test {

enum class Link : uint32_t {
  ethernet = 1,
  null = 0,
  raw = 101,
  sll = 113,
  sll2 = 276,
  loop = 108,
};

struct FrameSpec {
  std::string source = "127.0.0.1";
  std::string destination = "127.0.0.1";
  uint16_t source_port = 5061;
  uint16_t destination_port = 5060;
  bool tcp = false;
  uint32_t sequence = 1000; ///< TCP
  bool syn = false;         ///< TCP
  std::string payload;
  int64_t stamp_us = 1'700'000'000'000'000;
};

/// The IP packet (v4 or v6 from the addresses) of `spec`.
std::string ip_packet(const FrameSpec &spec);
/// The frame: `link`'s header, then the IP packet.
std::string frame(Link link, const FrameSpec &spec);
/// A pcap file of `frames` (already framed for `link`), each stamped
/// stamp_us; `cut` bytes short of each frame's length captured when set.
std::string pcap_file(Link link, const std::vector<std::pair<int64_t, std::string>> &frames,
                      uint32_t cut = 0);
/// A pcap of `specs`, each framed for `link`.
std::string capture(Link link, const std::vector<FrameSpec> &specs);

/// A SIP message of the sample call between the caller 127.0.0.1:5061 (tag
/// "a1", media 6000) and the callee 127.0.0.1:5060 (tag "b2", media 7000).
std::string sample_message(std::string_view start_line, std::string_view cseq, bool from_caller,
                           bool with_to_tag, bool with_sdp, std::string_view call_id = "c1@x");
/// The sample call as UDP frames, 10 ms apart: INVITE, 100, 180, 200 with
/// SDP, ACK, BYE, 200; a 300 ms wait before the BYE.
std::vector<FrameSpec> sample_call(std::string_view call_id = "c1@x",
                                   int64_t start_us = 1'700'000'000'000'000);

} // namespace gossipper::runtime::capture::test
