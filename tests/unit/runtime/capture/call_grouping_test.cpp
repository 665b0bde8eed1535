//===- call_grouping_test.cpp - A capture's SIP messages as calls ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/call_grouping.hpp"

#include "capture_frames.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime::capture {
namespace {

using test::FrameSpec;
using test::Link;

std::vector<CapturedSip> sip_of(const std::vector<FrameSpec> &frames) {
  Expected<CaptureContent> content =
      extract_sip(CaptureSource{"t.pcap", test::capture(Link::ethernet, frames), true});
  EXPECT_TRUE(content);
  return content ? content->sip : std::vector<CapturedSip>{};
}

TEST(CallGrouping, SeparatesInterleavedCallsInOrderOfAppearance) {
  std::vector<FrameSpec> one = test::sample_call("one@x", 1'000'000);
  std::vector<FrameSpec> two = test::sample_call("two@x", 1'005'000);
  std::vector<FrameSpec> both;
  for (size_t i = 0; i < one.size(); ++i) {
    both.push_back(one[i]);
    both.push_back(two[i]);
  }
  const std::vector<CapturedCall> calls = group_calls(sip_of(both));
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0].call_id, "one@x");
  EXPECT_EQ(calls[1].call_id, "two@x");
  ASSERT_EQ(calls[1].messages.size(), 7U);
  EXPECT_TRUE(calls[1].messages[0].from_caller);
  EXPECT_FALSE(calls[1].messages[1].from_caller);
  EXPECT_EQ(calls[0].caller.text(), "127.0.0.1:5061");
  EXPECT_EQ(calls[0].callee.text(), "127.0.0.1:5060");
  EXPECT_TRUE(check_complete(calls[0]));
}

TEST(CallGrouping, DropsRetransmissionsAndOtherLegs) {
  std::vector<FrameSpec> frames = test::sample_call();
  frames.insert(frames.begin() + 1, frames[0]); // the INVITE again
  FrameSpec forwarded = frames[0];              // a proxy's leg onwards: same Call-ID
  forwarded.source_port = 5060;
  forwarded.destination_port = 5070;
  frames.insert(frames.begin() + 2, forwarded);
  const std::vector<CapturedCall> calls = group_calls(sip_of(frames));
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].messages.size(), 7U);
}

TEST(CallGrouping, ACallWithoutItsFinalResponseIsIncomplete) {
  std::vector<FrameSpec> frames = test::sample_call();
  frames.resize(3); // INVITE, 100, 180
  const std::vector<CapturedCall> calls = group_calls(sip_of(frames));
  ASSERT_EQ(calls.size(), 1U);
  Expected<void> complete = check_complete(calls[0]);
  ASSERT_FALSE(complete);
  EXPECT_EQ(complete.error().message,
            "call 'c1@x': its INVITE (packet 1) has no final response in the capture; the call "
            "never completed");
  frames = test::sample_call();
  frames.pop_back(); // the BYE unanswered
  Expected<void> bye = check_complete(group_calls(sip_of(frames))[0]);
  ASSERT_FALSE(bye);
  EXPECT_NE(bye.error().message.find("its BYE (packet 6)"), std::string::npos);
}

} // namespace
} // namespace gossipper::runtime::capture
