//===- stream_audio_fuzzer.cpp - Any bytes as an rtp_stream file -------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// libFuzzer: rtp_stream="..." and the file it names come from users (and
// the audio from anywhere). The input is the action's argument, a newline,
// then the file: the argument reads as a spec or SIPp's error; the file as
// the bytes to send or an error naming it, never a read past the WAV's
// chunks (ASan watches that). What it returns must hold together.
//
//===----------------------------------------------------------------------===//
#include "media/rtp_stream_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace media = gossipper::runtime::media;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  size_t newline = bytes.find('\n');
  std::string_view argument = bytes.substr(0, newline);
  std::string_view file = newline == std::string_view::npos ? "" : bytes.substr(newline + 1);
  auto spec = media::parse_rtp_stream(argument, 8);
  if (!spec) {
    if (spec.error().message.empty()) {
      std::abort();
    }
    return 0;
  }
  if (spec->ms_per_packet == 0 || spec->bytes_per_packet == 0 ||
      (spec->pattern != 0 && (spec->pattern < 1 || spec->pattern > media::kPatterns))) {
    std::abort();
  }
  if (spec->pattern != 0) {
    if (media::pattern_payload(*spec).size() != spec->bytes_per_packet) {
      std::abort();
    }
    return 0;
  }
  auto audio = media::read_stream_audio(file, "f.wav", *spec);
  if (!audio) {
    const std::string &m = audio.error().message;
    if (m.find("f.wav") == std::string::npos) {
      std::abort(); // the error names the file
    }
    return 0;
  }
  // Raw files are sent as they are; a WAV's audio is at most its bytes.
  if (audio->empty() || audio->size() > file.size()) {
    std::abort();
  }
  return 0;
}
