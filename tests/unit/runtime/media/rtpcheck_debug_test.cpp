// -rtpcheck_debug's lines: a wrong echo with both payloads in hex and the
// reason, a stream's verdict with its counts; each kind to its own file,
// dated, complete once flushed.
#include "media/rtpcheck_debug.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

std::shared_ptr<const RtpStreamMedia> media_of(const char *argument, std::string bytes = {}) {
  auto m = std::make_shared<RtpStreamMedia>();
  m->spec = *parse_rtp_stream(argument, 8);
  m->spec.bytes_per_packet = 4; // short lines
  m->bytes = bytes.empty() ? std::string(4, static_cast<char>(pattern_byte(m->spec.pattern)))
                           : std::move(bytes);
  return m;
}

std::vector<std::string> sent(StreamPlayer &p, int n) {
  std::vector<std::string> out;
  std::string packet;
  for (int i = 0; i < n; ++i) {
    p.next(packet);
    out.push_back(packet);
  }
  return out;
}

std::string read(const std::string &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(RtpcheckDebug, AWrongEchoShowsBothPayloadsAndWhereTheyDiffer) {
  StreamPlayer p(media_of("apattern,2,8"), 0x0102ABCD, 40, 0, 0);
  p.call_id = "abc@host";
  std::vector<std::string> packets = sent(p, 3);
  std::string bad = packets[1];
  bad[12 + 2] = 0x01;
  EchoCheck c = p.check(*parse_rtp(bad), bad);
  EXPECT_EQ(RtpcheckDebug::mismatch_text(p, c, *parse_rtp(bad), bad),
            "COMPARISON FAILED call=abc@host ssrc=0x0102ABCD seq=41 packet=1 reason=payload at=2 "
            "errors=1 sent=BBBBBBBB received=BBBB01BB");
  std::string cut = packets[2].substr(0, 14);
  c = p.check(*parse_rtp(cut), cut);
  EXPECT_EQ(RtpcheckDebug::mismatch_text(p, c, *parse_rtp(cut), cut),
            "COMPARISON FAILED call=abc@host ssrc=0x0102ABCD seq=42 packet=2 reason=size at=- "
            "errors=2 sent=BBBBBBBB received=BBBB");
  std::string ahead = packets[0];
  ahead[3] = static_cast<char>(ahead[3] + 100);
  c = p.check(*parse_rtp(ahead), ahead);
  EXPECT_EQ(RtpcheckDebug::mismatch_text(p, c, *parse_rtp(ahead), ahead),
            "COMPARISON FAILED call=abc@host ssrc=0x0102ABCD seq=140 packet=- reason=unsent at=- "
            "errors=3 sent=- received=BBBBBBBB");
}

TEST(RtpcheckDebug, AStreamsVerdictGivesItsCountsAndTolerance) {
  StreamPlayer p(media_of("tone.raw,-1,0", "0123456789"), 1, 0, 0, 0);
  std::vector<std::string> packets = sent(p, 4);
  p.check(*parse_rtp(packets[0]), packets[0]);
  p.check(*parse_rtp(packets[1]), packets[1]);
  std::string bad = packets[2];
  bad.back() ^= 1;
  p.check(*parse_rtp(bad), bad);
  EXPECT_EQ(RtpcheckDebug::verdict_text(p, p.verdict(0.5)),
            "FAILED RTP CHECK call=- ssrc=0x00000001 source=file:tone.raw payload=0/PCMU/8000 "
            "sent=4 matched=2 differing=1 missing=1 failed_ratio=0.5000 tolerance=0.5000");
  EXPECT_EQ(RtpcheckDebug::verdict_text(p, p.verdict(1.0)).substr(0, 16), "PASSED RTP CHECK");
  StreamPlayer silent(media_of("vpattern,6,99,H264/90000"), 2, 0, 0, 0);
  sent(silent, 2);
  EXPECT_EQ(RtpcheckDebug::verdict_text(silent, silent.verdict(1.0)),
            "NO RTP CHECK call=- ssrc=0x00000002 source=pattern:6 payload=99/H264/90000 sent=2 "
            "matched=0 differing=0 missing=2 failed_ratio=1.0000 tolerance=1.0000");
}

TEST(RtpcheckDebug, EachKindHasItsFileOfDatedLines) {
  std::string dir = ::testing::TempDir();
  std::string audio = dir + "rtpcheck_debug_test_audio.log";
  std::string video = dir + "rtpcheck_debug_test_video.log";
  std::remove(audio.c_str());
  std::remove(video.c_str());
  {
    RtpcheckDebug debug;
    ASSERT_TRUE(debug.open(audio, true, video, false).ok());
    StreamPlayer a(media_of("apattern,1,8"), 3, 0, 0, 0);
    std::vector<std::string> packets = sent(a, 1);
    std::string bad = packets[0];
    bad.back() = 0;
    EchoCheck c = a.check(*parse_rtp(bad), bad);
    debug.mismatch(a, c, *parse_rtp(bad), bad, 0);
    debug.verdict(a, a.verdict(1.0), 0);
    StreamPlayer v(media_of("vpattern,1,99,H264/90000"), 4, 0, 0, 0);
    debug.verdict(v, v.verdict(1.0), 0); // no video file: nowhere to go
    debug.flush();
    std::string text = read(audio);
    std::istringstream lines(text);
    std::string line;
    std::vector<std::string> all;
    while (std::getline(lines, line)) {
      all.push_back(line);
    }
    ASSERT_EQ(all.size(), 3U) << text;
    EXPECT_EQ(all[0], "# Gossipper -rtpcheck_debug, audio streams (docs/media.md)");
    // The message log's date: "YYYY-MM-DD HH:MM:SS.uuuuuu ".
    ASSERT_GT(all[1].size(), 27U);
    EXPECT_EQ(all[1][4], '-');
    EXPECT_EQ(all[1][19], '.');
    EXPECT_EQ(all[1].substr(27), RtpcheckDebug::mismatch_text(a, c, *parse_rtp(bad), bad));
    EXPECT_EQ(all[2].substr(27), RtpcheckDebug::verdict_text(a, a.verdict(1.0)));
  }
  EXPECT_FALSE(std::filesystem::exists(video));
  RtpcheckDebug unwritable;
  EXPECT_FALSE(unwritable.open("/nonexistent-dir/x.log", true, video, false).ok());
}

} // namespace
} // namespace gossipper::runtime::media
