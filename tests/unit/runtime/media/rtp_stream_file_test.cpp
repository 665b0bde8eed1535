// rtp_stream's argument as SIPp reads it (files, patterns, the words that
// hold streams), its file (raw, or WAV beyond SIPp), and G.711 against
// values of Python's audioop (the reference encoder's tables), computed
// apart.
#include "media/rtp_stream_file.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace gossipper::runtime::media {
namespace {

TEST(RtpStreamFile, TheCodecSetsTheSizeAndPaceAsInSipp) {
  Expected<RtpStreamSpec> s = parse_rtp_stream("hello.raw,3,0", 8);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->file, "hello.raw");
  EXPECT_EQ(s->loops, 3);
  EXPECT_EQ(s->payload_type, 0);
  EXPECT_EQ(s->payload_name, "PCMU/8000");
  EXPECT_EQ(s->ms_per_packet, 20U);
  EXPECT_EQ(s->bytes_per_packet, 160U);
  Expected<RtpStreamSpec> g729 = parse_rtp_stream("a.g729,-1,18", 8);
  ASSERT_TRUE(g729.ok());
  EXPECT_EQ(g729->loops, -1);
  EXPECT_EQ(g729->bytes_per_packet, 20U);
  EXPECT_EQ(g729->ticks_per_packet, 160U);
  Expected<RtpStreamSpec> ilbc = parse_rtp_stream("a.ilbc,1,98,iLBC/8000", 8);
  ASSERT_TRUE(ilbc.ok());
  EXPECT_EQ(ilbc->ms_per_packet, 30U);
  EXPECT_EQ(ilbc->bytes_per_packet, 50U);
}

TEST(RtpStreamFile, DefaultsAreOneLoopAndRtpPayload) {
  Expected<RtpStreamSpec> s = parse_rtp_stream("x.raw", 0);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->loops, 1);
  EXPECT_EQ(s->payload_type, 0);
}

TEST(RtpStreamFile, UnknownCodecsAreSippsErrors) {
  Expected<RtpStreamSpec> dynamic = parse_rtp_stream("x.raw,1,99", 8);
  ASSERT_FALSE(dynamic.ok());
  EXPECT_EQ(dynamic.error().message,
            "Missing mandatory payload_name parameter in rtp_stream action");
  Expected<RtpStreamSpec> named = parse_rtp_stream("x.raw,1,99,opus/48000", 8);
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.error().message.find("Unknown dynamic rtp payload type 99"), std::string::npos);
  EXPECT_FALSE(parse_rtp_stream("x.raw,1,3", 8).ok());
  EXPECT_FALSE(parse_rtp_stream("x.raw,1,200", 8).ok());
}

TEST(RtpStreamFile, APatternPlaysItsByteUntilTheCallEnds) {
  Expected<RtpStreamSpec> s = parse_rtp_stream("apattern", 8);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->pattern, 1); // SIPp's default ID
  EXPECT_EQ(s->loops, -1);  // and its only loop count
  EXPECT_TRUE(s->file.empty());
  EXPECT_FALSE(s->video);
  EXPECT_EQ(s->payload_type, 8);
  EXPECT_EQ(s->bytes_per_packet, 160U);
  EXPECT_EQ(pattern_payload(*s), std::string(160, '\xAA'));
  Expected<RtpStreamSpec> g729 = parse_rtp_stream("apattern,6,18", 8);
  ASSERT_TRUE(g729.ok());
  EXPECT_EQ(g729->pattern, 6);
  EXPECT_EQ(g729->loops, -1);
  EXPECT_EQ(pattern_payload(*g729), std::string(20, '\xFF'));
  // The stream is the word's: vpattern the video one, apattern the audio
  // one whatever the codec.
  Expected<RtpStreamSpec> video = parse_rtp_stream("vpattern,2,99,H264/90000", 8);
  ASSERT_TRUE(video.ok());
  EXPECT_TRUE(video->video);
  EXPECT_EQ(video->ms_per_packet, 160U);
  EXPECT_EQ(pattern_payload(*video), std::string(1280, '\xBB'));
  Expected<RtpStreamSpec> h264 = parse_rtp_stream("apattern,3,99,H264/90000", 8);
  ASSERT_TRUE(h264.ok());
  EXPECT_FALSE(h264->video);
  EXPECT_TRUE(parse_rtp_stream("vpattern,4,0", 8)->video);
}

TEST(RtpStreamFile, ThePatternsAreSippsBytes) {
  const uint8_t bytes[] = {0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
  for (int id = 1; id <= kPatterns; ++id) {
    EXPECT_EQ(pattern_byte(id), bytes[id - 1]) << id;
  }
}

TEST(RtpStreamFile, APatternIdOutOfOneToSixIsRefused) {
  for (const char *arg : {"apattern,0", "apattern,7,0", "vpattern,x", "apattern,-1"}) {
    Expected<RtpStreamSpec> s = parse_rtp_stream(arg, 8);
    ASSERT_FALSE(s.ok()) << arg;
    EXPECT_NE(s.error().message.find("pattern ID"), std::string::npos) << s.error().message;
  }
  // atoi's reading, as SIPp's: "2x" is 2.
  EXPECT_EQ(parse_rtp_stream("apattern,2x", 8)->pattern, 2);
  // The codec rules are the file's.
  EXPECT_FALSE(parse_rtp_stream("apattern,1,99", 8).ok());
}

TEST(RtpStreamFile, TheWordsThatHoldStreams) {
  EXPECT_EQ(stream_control("pause"), StreamControl::Pause);
  EXPECT_EQ(stream_control("resume"), StreamControl::Resume);
  EXPECT_EQ(stream_control("pauseapattern"), StreamControl::PauseAudio);
  EXPECT_EQ(stream_control("resumeapattern"), StreamControl::ResumeAudio);
  EXPECT_EQ(stream_control("pausevpattern"), StreamControl::PauseVideo);
  EXPECT_EQ(stream_control("resumevpattern"), StreamControl::ResumeVideo);
  // Whole words only (SIPp's strcmp); the patterns by their first letters.
  EXPECT_EQ(stream_control("pause,1"), StreamControl::None);
  EXPECT_EQ(stream_control("apattern"), StreamControl::None);
  EXPECT_TRUE(is_stream_pattern("apattern,2"));
  EXPECT_TRUE(is_stream_pattern("vpatternX"));
  EXPECT_FALSE(is_stream_pattern("pauseapattern"));
  EXPECT_FALSE(is_stream_pattern("tone.raw,1,8"));
}

std::string wav(uint16_t format, uint16_t channels, uint32_t rate, uint16_t bits,
                const std::string &data) {
  auto le32 = [](uint32_t v) {
    std::string b(4, '\0');
    for (int i = 0; i < 4; ++i) {
      b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    }
    return b;
  };
  auto le16 = [](uint16_t v) {
    return std::string{static_cast<char>(v & 0xff), static_cast<char>(v >> 8)};
  };
  std::string fmt = le16(format) + le16(channels) + le32(rate) + le32(rate * channels * bits / 8) +
                    le16(static_cast<uint16_t>(channels * bits / 8)) + le16(bits);
  std::string body =
      "WAVEfmt " + le32(16) + fmt + "data" + le32(static_cast<uint32_t>(data.size())) + data;
  return "RIFF" + le32(static_cast<uint32_t>(body.size())) + body;
}

TEST(RtpStreamFile, ARawFileIsSentAsItIs) {
  RtpStreamSpec spec = *parse_rtp_stream("x.raw,1,8", 8);
  Expected<std::string> b = read_stream_audio("\x01\x02\x03", "x.raw", spec);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "\x01\x02\x03");
  EXPECT_FALSE(read_stream_audio("", "x.raw", spec).ok());
}

TEST(RtpStreamFile, AG711WavGivesItsDataAndPcmIsEncoded) {
  RtpStreamSpec alaw = *parse_rtp_stream("x.wav,1,8", 8);
  Expected<std::string> a = read_stream_audio(wav(6, 1, 8000, 8, "abcd"), "x.wav", alaw);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(*a, "abcd");
  // 16-bit PCM 0, 1000, -1000: A-law d5 fa 7a, µ-law ff ce 4e (audioop).
  std::string pcm = std::string("\x00\x00\xe8\x03\x18\xfc", 6);
  Expected<std::string> ea = read_stream_audio(wav(1, 1, 8000, 16, pcm), "x.wav", alaw);
  ASSERT_TRUE(ea.ok()) << ea.error().message;
  EXPECT_EQ(*ea, "\xd5\xfa\x7a");
  RtpStreamSpec ulaw = *parse_rtp_stream("x.wav,1,0", 8);
  Expected<std::string> eu = read_stream_audio(wav(1, 1, 8000, 16, pcm), "x.wav", ulaw);
  ASSERT_TRUE(eu.ok());
  EXPECT_EQ(*eu, "\xff\xce\x4e");
}

TEST(RtpStreamFile, AWavOfTheWrongFormatIsRefused) {
  RtpStreamSpec alaw = *parse_rtp_stream("x.wav,1,8", 8);
  EXPECT_FALSE(read_stream_audio(wav(1, 2, 8000, 16, "abcd"), "x.wav", alaw).ok());
  EXPECT_FALSE(read_stream_audio(wav(1, 1, 16000, 16, "abcd"), "x.wav", alaw).ok());
  EXPECT_FALSE(read_stream_audio(wav(7, 1, 8000, 8, "abcd"), "x.wav", alaw).ok()); // µ-law as PCMA
  EXPECT_FALSE(read_stream_audio(wav(3, 1, 8000, 32, "abcdabcd"), "x.wav", alaw).ok());
  std::string cut = wav(6, 1, 8000, 8, "abcd");
  cut.resize(cut.size() - 2);
  Expected<std::string> r = read_stream_audio(cut, "x.wav", alaw);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("runs past the end"), std::string::npos);
  // A G.711 WAV without a sample would play nothing forever (the fuzzer's).
  Expected<std::string> empty = read_stream_audio(wav(6, 1, 8000, 8, ""), "x.wav", alaw);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("holds no sample"), std::string::npos);
}

TEST(RtpStreamFile, G711MatchesTheReferenceEncoder) {
  struct Row {
    int16_t in;
    uint8_t ulaw;
    uint8_t alaw;
  };
  const Row rows[] = {{0, 0xff, 0xd5},     {1, 0xff, 0xd5},      {-1, 0x7e, 0x55},
                      {100, 0xf2, 0xd3},   {-100, 0x72, 0x53},   {1000, 0xce, 0xfa},
                      {-1000, 0x4e, 0x7a}, {8000, 0xa0, 0x8a},   {-8000, 0x20, 0x0a},
                      {32767, 0x80, 0xaa}, {-32768, 0x00, 0x2a}, {4095, 0xaf, 0x9a},
                      {-4096, 0x2f, 0x1a}};
  for (const Row &r : rows) {
    EXPECT_EQ(linear_to_ulaw(r.in), r.ulaw) << r.in;
    EXPECT_EQ(linear_to_alaw(r.in), r.alaw) << r.in;
  }
}

} // namespace
} // namespace gossipper::runtime::media
