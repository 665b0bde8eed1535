//===- rtp_stream_file.cpp - What rtp_stream plays ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/rtp_stream_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace gossipper::runtime::media {
namespace {

/// SIPp's atoi: leading blanks, a sign, digits; 0 when none.
int atoi_like(std::string_view s) { return std::atoi(std::string(s).c_str()); }

/// The codec timing SIPp knows, by payload type and name.
bool set_timing(RtpStreamSpec &s) {
  auto set = [&](uint32_t ms, uint32_t bytes, uint32_t ticks, bool video = false) {
    s.ms_per_packet = ms;
    s.bytes_per_packet = bytes;
    s.ticks_per_packet = ticks;
    s.video = video;
    return true;
  };
  switch (s.payload_type) {
  case 0: return s.payload_name == "PCMU/8000" && set(20, 160, 160);
  case 8: return s.payload_name == "PCMA/8000" && set(20, 160, 160);
  case 9: return s.payload_name == "G722/8000" && set(20, 160, 160);
  case 13: return set(150, 1, 1200); // comfort noise
  case 18: return s.payload_name == "G729/8000" && set(20, 20, 160);
  default: break;
  }
  if (s.payload_type >= 96 && s.payload_type <= 127) {
    if (s.payload_name == "H264/90000") {
      return set(160, 1280, 1280, true); // SIPp's arbitrary packet
    }
    if (s.payload_name == "iLBC/8000") {
      return set(30, 50, 240);
    }
  }
  return false;
}

uint32_t le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(b[at])) |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 3])) << 24;
}

uint16_t le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[at]) | static_cast<uint8_t>(b[at + 1]) << 8);
}

struct WavFormat {
  uint16_t format = 0; ///< 1 PCM, 6 A-law, 7 µ-law
  uint16_t channels = 0;
  uint32_t rate = 0;
  uint16_t bits = 0;
  std::string_view data;
};

Expected<WavFormat> read_wav(std::string_view b, const std::string &path) {
  auto bad = [&](const std::string &why) {
    return Error{"rtp_stream: WAV file '" + path + "': " + why};
  };
  WavFormat w;
  bool have_fmt = false;
  size_t at = 12;
  while (at + 8 <= b.size()) {
    std::string_view id = b.substr(at, 4);
    uint32_t size = le32(b, at + 4);
    size_t body = at + 8;
    if (size > b.size() - body) {
      return bad("chunk '" + std::string(id) + "' runs past the end of the file");
    }
    if (id == "fmt ") {
      if (size < 16) {
        return bad("its fmt chunk is too short");
      }
      w.format = le16(b, body);
      w.channels = le16(b, body + 2);
      w.rate = le32(b, body + 4);
      w.bits = le16(b, body + 14);
      have_fmt = true;
    } else if (id == "data") {
      if (!have_fmt) {
        return bad("its data comes before its fmt chunk");
      }
      w.data = b.substr(body, size);
      return w;
    }
    at = body + size + (size & 1);
  }
  return bad(have_fmt ? "no data chunk" : "no fmt chunk");
}

} // namespace

StreamControl stream_control(std::string_view a) {
  // SIPp compares the whole word (scenario.cpp, rtp_stream).
  if (a == "pause") {
    return StreamControl::Pause;
  }
  if (a == "resume") {
    return StreamControl::Resume;
  }
  if (a == "pauseapattern") {
    return StreamControl::PauseAudio;
  }
  if (a == "resumeapattern") {
    return StreamControl::ResumeAudio;
  }
  if (a == "pausevpattern") {
    return StreamControl::PauseVideo;
  }
  if (a == "resumevpattern") {
    return StreamControl::ResumeVideo;
  }
  return StreamControl::None;
}

bool is_stream_pattern(std::string_view a) {
  return a.starts_with("apattern") || a.starts_with("vpattern");
}

Expected<RtpStreamSpec> parse_rtp_stream(std::string_view argument, uint8_t default_payload) {
  RtpStreamSpec s;
  const bool pattern = is_stream_pattern(argument);
  size_t comma = argument.find(',');
  if (!pattern) {
    s.file = std::string(argument.substr(0, comma));
  }
  std::string_view rest =
      comma == std::string_view::npos ? std::string_view() : argument.substr(comma + 1);
  auto next = [&]() -> std::optional<std::string_view> {
    if (comma == std::string_view::npos) {
      return std::nullopt;
    }
    size_t c = rest.find(',');
    std::string_view field = rest.substr(0, c);
    comma = c;
    rest = c == std::string_view::npos ? std::string_view() : rest.substr(c + 1);
    return field;
  };
  s.payload_type = default_payload;
  // The second field is a file's loops, or a pattern's ID (a pattern plays
  // until the call ends).
  if (pattern) {
    s.loops = -1;
    s.pattern = 1;
  }
  if (auto second = next()) {
    (pattern ? s.pattern : s.loops) = atoi_like(*second);
  }
  if (pattern && (s.pattern < 1 || s.pattern > kPatterns)) {
    return Error{"rtp_stream pattern ID " + std::to_string(s.pattern) + " is not 1 to " +
                 std::to_string(kPatterns)};
  }
  if (auto pt = next()) {
    int v = atoi_like(*pt);
    if (v < 0 || v > 127) {
      return Error{"Invalid rtp payload type " + std::to_string(v) +
                   " - cannot set playback parameters"};
    }
    s.payload_type = static_cast<uint8_t>(v);
  }
  if (auto name = next()) {
    s.payload_name = std::string(*name);
  }
  if (s.payload_name.empty()) {
    switch (s.payload_type) {
    case 0: s.payload_name = "PCMU/8000"; break;
    case 8: s.payload_name = "PCMA/8000"; break;
    case 9: s.payload_name = "G722/8000"; break;
    case 18: s.payload_name = "G729/8000"; break;
    case 13: break;
    default: return Error{"Missing mandatory payload_name parameter in rtp_stream action"};
    }
  }
  if (!set_timing(s)) {
    return Error{std::string(s.payload_type >= 96 ? "Unknown dynamic" : "Unknown static") +
                 " rtp payload type " + std::to_string(s.payload_type) +
                 " - cannot set playback parameters"};
  }
  if (pattern) {
    s.video = argument.front() == 'v'; // the stream is the word's, whatever the codec
  }
  return s;
}

std::string pattern_payload(const RtpStreamSpec &spec) {
  return std::string(spec.bytes_per_packet, static_cast<char>(pattern_byte(spec.pattern)));
}

Expected<std::string> read_stream_audio(std::string_view b, const std::string &path,
                                        const RtpStreamSpec &spec) {
  if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") {
    if (b.empty()) {
      return Error{"Cannot read/cache rtpstream file " + path + ": it is empty"};
    }
    return std::string(b); // raw: sent as it is, as SIPp does
  }
  Expected<WavFormat> w = read_wav(b, path);
  if (!w) {
    return w.error();
  }
  auto wrong = [&](const std::string &why) {
    return Error{"rtp_stream: WAV file '" + path + "' cannot be played as " + spec.payload_name +
                 ": " + why};
  };
  if (w->channels != 1 || w->rate != 8000) {
    return wrong("it is not 8000 Hz mono (" + std::to_string(w->rate) + " Hz, " +
                 std::to_string(w->channels) + " channels)");
  }
  bool ulaw = spec.payload_type == 0;
  bool alaw = spec.payload_type == 8;
  if ((w->format == 7 && ulaw) || (w->format == 6 && alaw)) {
    if (w->data.empty()) {
      return wrong("it holds no sample"); // found by stream_audio_fuzzer
    }
    return std::string(w->data);
  }
  if (w->format == 1 && w->bits == 16 && (ulaw || alaw)) {
    std::string out(w->data.size() / 2, '\0');
    for (size_t i = 0; i < out.size(); ++i) {
      auto sample = static_cast<int16_t>(le16(w->data, 2 * i));
      out[i] = static_cast<char>(ulaw ? linear_to_ulaw(sample) : linear_to_alaw(sample));
    }
    if (out.empty()) {
      return wrong("it holds no sample");
    }
    return out;
  }
  return wrong("its format is " + std::to_string(w->format) + " with " + std::to_string(w->bits) +
               " bits (G.711 WAV, or 16-bit PCM for PCMU and PCMA, is read)");
}

uint8_t linear_to_ulaw(int16_t sample) {
  // On 14 bits, biased, as the reference encoder does.
  constexpr int kBias = 0x21;
  constexpr int kClip = 8159;
  int s = sample >> 2;
  int mask = 0xff;
  if (s < 0) {
    s = -s;
    mask = 0x7f;
  }
  s = std::min(s, kClip) + kBias;
  int segment = 0;
  for (int top = 0x3f; s > top && segment < 8; top = (top << 1) | 1) {
    ++segment;
  }
  if (segment >= 8) {
    return static_cast<uint8_t>(0x7f ^ mask);
  }
  int value = (segment << 4) | ((s >> (segment + 1)) & 0x0f);
  return static_cast<uint8_t>(value ^ mask);
}

uint8_t linear_to_alaw(int16_t sample) {
  int s = sample >> 3; // A-law works on 13 bits
  int mask = 0xd5;     // sign bit set, even bits inverted
  if (s < 0) {
    mask = 0x55;
    s = -s - 1;
  }
  int segment = 0;
  for (int top = 0x1f; s > top && segment < 8; top = (top << 1) | 1) {
    ++segment;
  }
  if (segment >= 8) {
    return static_cast<uint8_t>(0x7f ^ mask);
  }
  int value = segment << 4;
  value |= segment < 2 ? (s >> 1) & 0x0f : (s >> segment) & 0x0f;
  return static_cast<uint8_t>(value ^ mask);
}

} // namespace gossipper::runtime::media
