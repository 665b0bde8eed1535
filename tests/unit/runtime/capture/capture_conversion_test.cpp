//===- capture_conversion_test.cpp - A SIP capture as scenarios -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/capture_conversion.hpp"

#include "capture_frames.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

using capture::test::FrameSpec;
using capture::test::Link;

Expected<CaptureConversion> convert(const std::vector<FrameSpec> &frames,
                                    const std::string &call_id = "") {
  CaptureConversionOptions options;
  options.call_id = call_id;
  return convert_capture_bytes(capture::test::capture(Link::ethernet, frames), "t.pcap", options);
}

std::vector<std::string> names(const CaptureConversion &c) {
  std::vector<std::string> out;
  for (const ConvertedFile &f : c.files) {
    out.push_back(f.name);
  }
  return out;
}

TEST(CaptureConversion, OneCallGivesAUacAndAUas) {
  Expected<CaptureConversion> c = convert(capture::test::sample_call());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(names(*c), (std::vector<std::string>{"uac.xml", "uas.xml"}));
  for (const ConvertedFile &f : c->files) {
    EXPECT_TRUE(gossipper::test::compile(f.content).ok) << f.content;
  }
  ASSERT_EQ(c->report.size(), 1U);
  EXPECT_EQ(c->report[0], "call 'c1@x': 7 SIP messages, 127.0.0.1:5061 -> 127.0.0.1:5060 over "
                          "UDP: uac.xml, uas.xml");
}

TEST(CaptureConversion, SeveralCallsGiveAPairEachOrTheOneAskedFor) {
  std::vector<FrameSpec> frames = capture::test::sample_call("one@x", 1'000'000);
  for (const FrameSpec &f : capture::test::sample_call("two@x", 5'000'000)) {
    frames.push_back(f);
  }
  Expected<CaptureConversion> all = convert(frames);
  ASSERT_TRUE(all);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"call1_uac.xml", "call1_uas.xml",
                                                   "call2_uac.xml", "call2_uas.xml"}));
  Expected<CaptureConversion> two = convert(frames, "two@x");
  ASSERT_TRUE(two);
  EXPECT_EQ(names(*two), (std::vector<std::string>{"uac.xml", "uas.xml"}));
  EXPECT_NE(two->report[0].find("'two@x'"), std::string::npos);
  Expected<CaptureConversion> none = convert(frames, "three@x");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message,
            "no call with Call-ID 'three@x' in PCAP file 't.pcap'; its calls: 'one@x', 'two@x'");
}

TEST(CaptureConversion, IncompleteCallsArePassedOverOrRefused) {
  std::vector<FrameSpec> frames = capture::test::sample_call("one@x", 1'000'000);
  std::vector<FrameSpec> cut = capture::test::sample_call("two@x", 5'000'000);
  cut.resize(2);
  frames.insert(frames.end(), cut.begin(), cut.end());
  Expected<CaptureConversion> c = convert(frames);
  ASSERT_TRUE(c);
  EXPECT_EQ(names(*c), (std::vector<std::string>{"uac.xml", "uas.xml"}));
  ASSERT_EQ(c->report.size(), 2U);
  EXPECT_TRUE(c->report[0].starts_with("passed over: call 'two@x': its INVITE")) << c->report[0];
  Expected<CaptureConversion> only_cut = convert(cut);
  ASSERT_FALSE(only_cut);
  EXPECT_EQ(only_cut.error().message,
            "PCAP file 't.pcap': call 'two@x': its INVITE (packet 1) has no final response in the "
            "capture; the call never completed; nothing written");
}

TEST(CaptureConversion, ACaptureWithoutSipSaysSo) {
  FrameSpec rtp;
  rtp.payload = std::string("\x80\x00\x00\x01", 4);
  Expected<CaptureConversion> c = convert({rtp, rtp});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "no SIP message in PCAP file 't.pcap' (2 packets read); SIP over "
                               "UDP or TCP is looked for on every port");
}

} // namespace
} // namespace gossipper::runtime
