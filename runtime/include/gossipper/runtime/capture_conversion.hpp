//===- capture_conversion.hpp - A SIP capture as scenarios -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// gossipper pcap2scenario: the calls of a capture (pcap or pcapng; Ethernet,
// Linux cooked, BSD loopback or raw IP; SIP over UDP or TCP, IPv4 or IPv6)
// as pairs of SIPp scenarios, one for each side, with each side's RTP as a
// pcap file its scenario plays. The work is done in memory: the caller
// writes the files (runtime/src/capture/ holds the rooms' parts).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

struct CaptureConversionOptions {
  std::string call_id; ///< "": every call; else only this one
};

struct ConvertedFile {
  std::string name; ///< a plain file name, no directory
  std::string content;
};

struct CaptureConversion {
  std::vector<ConvertedFile> files;
  /// One line per call converted or passed over, for the user.
  std::vector<std::string> report;
};

/// Converts the capture file at `path`. An error when the file cannot be
/// read, holds no SIP, has no call with options.call_id, or when no call
/// completed (each request answered) in it.
Expected<CaptureConversion> convert_capture_file(const std::string &path,
                                                 const CaptureConversionOptions &options);

/// The same from a capture in memory; `name` stands for the file.
Expected<CaptureConversion> convert_capture_bytes(std::string_view bytes, std::string_view name,
                                                  const CaptureConversionOptions &options);

} // namespace gossipper::runtime
