//===- sip_extraction_test.cpp - The SIP messages of a capture ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/sip_extraction.hpp"

#include "capture_frames.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime::capture {
namespace {

using test::FrameSpec;
using test::Link;

Expected<CaptureContent> extract(const std::string &bytes) {
  return extract_sip(CaptureSource{"t.pcap", bytes, true});
}

TEST(SipExtraction, KeepsSipDatagramsAndTheOtherUdpApart) {
  std::vector<FrameSpec> frames = test::sample_call();
  FrameSpec rtp;
  rtp.source_port = 6000;
  rtp.destination_port = 7000;
  rtp.payload = std::string("\x80\x00\x00\x01", 4) + std::string(164, 'x');
  frames.insert(frames.begin() + 5, rtp);
  for (Link link : {Link::ethernet, Link::sll, Link::sll2, Link::null}) {
    Expected<CaptureContent> content = extract(test::capture(link, frames));
    ASSERT_TRUE(content) << content.error().message;
    ASSERT_EQ(content->sip.size(), 7U);
    EXPECT_TRUE(content->sip[0].text.starts_with("INVITE sip:bob@"));
    EXPECT_EQ(content->sip[0].frame, 1U);
    EXPECT_EQ(content->sip[0].source.text(), "127.0.0.1:5061");
    EXPECT_EQ(content->sip[5].frame, 7U); // the BYE, after the RTP
    ASSERT_EQ(content->datagrams.size(), 1U);
    EXPECT_EQ(content->datagrams[0].destination.port, 7000);
    EXPECT_EQ(content->frames, 8U);
  }
}

TEST(SipExtraction, PutsTcpSegmentsBackInOrder) {
  const std::string a = test::sample_message("OPTIONS sip:bob@127.0.0.1:5060 SIP/2.0", "1 OPTIONS",
                                             true, false, false);
  const std::string b =
      test::sample_message("BYE sip:bob@127.0.0.1:5060 SIP/2.0", "2 BYE", true, true, false);
  const std::string stream = a + b;
  auto segment = [&](uint32_t offset, size_t length) {
    FrameSpec f;
    f.tcp = true;
    f.sequence = 0xfffffff0U + 1 + offset; // the sequence numbers wrap inside the stream
    f.payload = stream.substr(offset, length);
    return f;
  };
  FrameSpec syn;
  syn.tcp = true;
  syn.syn = true;
  syn.sequence = 0xfffffff0U;
  // The SYN, then the second half before the first, then the first twice.
  const size_t half = a.size() + 10;
  std::vector<FrameSpec> frames = {syn, segment(static_cast<uint32_t>(half), stream.size() - half),
                                   segment(0, half), segment(0, 20)};
  Expected<CaptureContent> content = extract(test::capture(Link::ethernet, frames));
  ASSERT_TRUE(content) << content.error().message;
  ASSERT_EQ(content->sip.size(), 2U);
  EXPECT_EQ(content->sip[0].text, a);
  EXPECT_EQ(content->sip[1].text, b);
  EXPECT_EQ(content->sip[1].transport, TransportProtocol::tcp);
  EXPECT_EQ(content->sip[0].frame, 3U);
}

TEST(SipExtraction, RefusesFramesCapturedShort) {
  std::vector<std::pair<int64_t, std::string>> frames;
  for (const FrameSpec &f : test::sample_call()) {
    frames.emplace_back(f.stamp_us, test::frame(Link::ethernet, f));
  }
  Expected<CaptureContent> content = extract(test::pcap_file(Link::ethernet, frames, 100));
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("PCAP file 't.pcap', packet 1: "), std::string::npos)
      << content.error().message;
  EXPECT_NE(content.error().message.find("tshark -s 0"), std::string::npos);
}

TEST(SipExtraction, RefusesAFileCutInsideAFrame) {
  const std::string whole = test::capture(Link::ethernet, test::sample_call());
  Expected<CaptureContent> content = extract(whole.substr(0, whole.size() - 30));
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("Can't read PCAP file 't.pcap': "), std::string::npos)
      << content.error().message;
}

TEST(SipExtraction, RefusesWhatIsNotACapture) {
  Expected<CaptureContent> content = extract("INVITE sip:x SIP/2.0\r\n\r\n");
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("Can't open PCAP file 't.pcap'"), std::string::npos);
  std::string link = test::capture(Link::ethernet, test::sample_call());
  link[20] = 105; // 802.11
  content = extract(link);
  ASSERT_FALSE(content);
  EXPECT_NE(content.error().message.find("unsupported link type 105"), std::string::npos)
      << content.error().message;
}

} // namespace
} // namespace gossipper::runtime::capture
