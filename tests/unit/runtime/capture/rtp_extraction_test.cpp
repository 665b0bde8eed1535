//===- rtp_extraction_test.cpp - The RTP each side of a call sent ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/rtp_extraction.hpp"

#include "capture_frames.hpp"
#include "media/pcap_file.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime::capture {
namespace {

using test::FrameSpec;
using test::Link;

/// The sample call with `count` RTP packets each way after the ACK, 20 ms
/// apart, and one datagram to a port nobody offered.
std::vector<FrameSpec> call_with_media(int count) {
  std::vector<FrameSpec> frames = test::sample_call();
  int64_t at = frames[4].stamp_us;
  std::vector<FrameSpec> media;
  for (int i = 0; i < count; ++i) {
    for (bool caller : {true, false}) {
      FrameSpec f;
      f.source_port = caller ? 6000 : 7000;
      f.destination_port = caller ? 7000 : 6000;
      f.payload = std::string("\x80\x00", 2) + static_cast<char>(caller ? 'c' : 's') +
                  static_cast<char>(i) + std::string(168, 'x');
      f.stamp_us = at + i * 20'000;
      media.push_back(f);
    }
  }
  FrameSpec stray;
  stray.destination_port = 9999;
  stray.payload = "stray";
  media.push_back(stray);
  frames.insert(frames.begin() + 5, media.begin(), media.end());
  return frames;
}

TEST(RtpExtraction, EachSideSentToWhatTheOtherOffered) {
  Expected<CaptureContent> content =
      extract_sip(CaptureSource{"t.pcap", test::capture(Link::ethernet, call_with_media(5)), true});
  ASSERT_TRUE(content);
  const std::vector<CapturedCall> calls = group_calls(content->sip);
  ASSERT_EQ(calls.size(), 1U);
  const DatagramsByDestination datagrams(content->datagrams);
  const auto from_caller = media_sent(calls[0], datagrams, true);
  const auto from_callee = media_sent(calls[0], datagrams, false);
  ASSERT_EQ(from_caller.size(), 5U);
  ASSERT_EQ(from_callee.size(), 5U);
  EXPECT_EQ(from_caller[0]->destination.port, 7000);
  EXPECT_EQ(from_callee[4]->payload[2], 's');
}

TEST(RtpExtraction, TheWrittenCaptureReplaysAsCaptured) {
  Expected<CaptureContent> content =
      extract_sip(CaptureSource{"t.pcap", test::capture(Link::ethernet, call_with_media(5)), true});
  ASSERT_TRUE(content);
  const std::vector<CapturedCall> calls = group_calls(content->sip);
  const auto sent = media_sent(calls.at(0), DatagramsByDestination(content->datagrams), true);
  Expected<media::PcapMedia> replay = media::read_pcap_bytes(pcap_bytes(sent), "rtp.pcap");
  ASSERT_TRUE(replay) << replay.error().message;
  ASSERT_EQ(replay->packets.size(), 5U);
  EXPECT_EQ(replay->base_port, 7000);
  EXPECT_EQ(replay->packets[4].offset_us, 80'000U);
  EXPECT_EQ(replay->packets[3].payload, sent[3]->payload);
}

} // namespace
} // namespace gossipper::runtime::capture
