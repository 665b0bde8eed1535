//===- capture_fuzzer.cpp - Any bytes as a SIP capture to convert ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// libFuzzer: any bytes as the capture of gossipper pcap2scenario. Captures
// come from users and the field; reading one (link headers, IP, UDP, TCP
// put back in order, SIP framed and parsed) and turning its calls into
// scenarios must end in files or an error, never a read outside the bytes
// (ASan watches that). What it returns must hold together: an error says
// something, a conversion has a report line per call and, for each call, a
// UAC and a UAS scenario.
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/capture_conversion.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  gossipper::runtime::CaptureConversionOptions options;
  gossipper::Expected<gossipper::runtime::CaptureConversion> conversion =
      gossipper::runtime::convert_capture_bytes(bytes, "fuzz.pcap", options);
  if (!conversion) {
    if (conversion.error().message.empty()) {
      std::abort();
    }
    return 0;
  }
  size_t scenarios = 0;
  for (const gossipper::runtime::ConvertedFile &file : conversion->files) {
    if (file.name.empty() || file.content.empty()) {
      std::abort();
    }
    if (file.name.ends_with(".xml")) {
      if (!file.content.starts_with("<?xml") || !file.content.ends_with("</scenario>\n")) {
        std::abort();
      }
      ++scenarios;
    }
  }
  if (scenarios == 0 || scenarios % 2 != 0 || conversion->report.empty()) {
    std::abort();
  }
  return 0;
}
