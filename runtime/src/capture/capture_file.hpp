//===- capture_file.hpp - The frames of a pcap or pcapng file --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Opens a capture (a file, or bytes in memory) with libpcap, checks that its
// link type is one packet_decoder reads, and hands each frame to a visitor
// with its number (as Wireshark counts) and time. Errors name the file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capture/packet_decoder.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gossipper::runtime::capture {

/// One frame, valid during the visit.
struct CapturedFrame {
  size_t number = 0;        ///< 1 for the file's first frame
  int64_t stamp_us = 0;     ///< capture time, microseconds since 1970 (saturated)
  uint32_t wire_length = 0; ///< the frame's length on the wire
  Bytes bytes;              ///< what was captured of it
  LinkFraming framing = LinkFraming::ethernet;
};

/// Returns an error to stop the reading with it.
using FrameVisitor = std::function<Expected<void>(const CapturedFrame &)>;

/// Where a capture comes from: `bytes` when set, else the file at `name`.
struct CaptureSource {
  std::string name;
  std::string_view bytes;
  bool in_memory = false;
};

/// Reads every frame of the capture in file order. An error, naming the
/// file, when it cannot be opened, is not a capture, has a link type not
/// read, is cut short inside a frame, or when `visit` returns one.
Expected<void> for_each_frame(const CaptureSource &source, const FrameVisitor &visit);

} // namespace gossipper::runtime::capture
