// [len] computed at code generation: the same five characters the runtime's
// fill_len writes, and nothing when the body or the blank line can change.
#include "static_content_length.hpp"

#include "call/message_buffer.hpp"

#include <gtest/gtest.h>

#include <map>

namespace gossipper::compiler {
namespace {

using K = ir::Segment::Kind;

ir::Segment lit(std::string text) {
  ir::Segment s;
  s.kind = K::Literal;
  s.text = std::move(text);
  return s;
}

ir::Segment kw(ir::Keyword k, int32_t offset = 0) {
  ir::Segment s;
  s.kind = K::Keyword;
  s.keyword = k;
  s.offset = offset;
  return s;
}

ir::Segment var() {
  ir::Segment s;
  s.kind = K::Variable;
  s.var = 0;
  return s;
}

const std::map<ir::Keyword, std::string> kConstants = {{ir::Keyword::MediaIp, "10.0.0.1"},
                                                       {ir::Keyword::MediaPort, "6000"}};

std::optional<std::string> len_of(const std::vector<ir::Segment> &segments) {
  ir::Template t;
  t.segments = segments;
  return static_content_length(t, [](const ir::Segment &s) -> const std::string * {
    auto it = kConstants.find(s.keyword);
    return s.kind == K::Keyword && it != kConstants.end() ? &it->second : nullptr;
  });
}

/// What the runtime writes for the same text.
std::string measured(const std::string &message, int32_t offset = 0) {
  runtime::MessageBuffer b;
  size_t at = message.find("@@@@@");
  b.data = message;
  b.len_marker = at;
  b.len_offset = offset;
  runtime::fill_len(b);
  return b.data.substr(at, 5);
}

TEST(StaticContentLength, ABodyOfTextAndRunConstantsIsKnown) {
  auto len = len_of({lit("INVITE sip:x SIP/2.0\r\nCall-ID: "), kw(ir::Keyword::CallId),
                     lit("\r\nContent-Length: "), kw(ir::Keyword::Len), lit("\r\n\r\nc=IN IP4 "),
                     kw(ir::Keyword::MediaIp), lit("\r\nm=audio "), kw(ir::Keyword::MediaPort),
                     lit(" RTP/AVP 0\r\n")});
  ASSERT_TRUE(len);
  EXPECT_EQ(*len, measured("INVITE sip:x SIP/2.0\r\nCall-ID: abc\r\nContent-Length: @@@@@\r\n\r\n"
                           "c=IN IP4 10.0.0.1\r\nm=audio 6000 RTP/AVP 0\r\n"));
  EXPECT_EQ(*len, "   43");
}

TEST(StaticContentLength, OffsetAndEmptyBodyAsTheRuntime) {
  auto len = len_of(
      {lit("BYE sip:x SIP/2.0\r\nContent-Length: "), kw(ir::Keyword::Len, 3), lit("\r\n\r\nabcd")});
  ASSERT_TRUE(len);
  EXPECT_EQ(*len, measured("BYE sip:x SIP/2.0\r\nContent-Length: @@@@@\r\n\r\nabcd", 3));
  auto empty = len_of(
      {lit("BYE sip:x SIP/2.0\r\nContent-Length: "), kw(ir::Keyword::Len, 3), lit("\r\n\r\n")});
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, measured("BYE sip:x SIP/2.0\r\nContent-Length: @@@@@\r\n\r\n", 3));
}

TEST(StaticContentLength, ABlankLineSplitAcrossLiteralsIsFound) {
  auto len =
      len_of({lit("A\r\nContent-Length: "), kw(ir::Keyword::Len), lit("\r\n"), lit("\r\nxyz")});
  ASSERT_TRUE(len);
  EXPECT_EQ(*len, "    3");
}

TEST(StaticContentLength, UnknownWhenTheBodyOrTheBlankLineMayChange) {
  // A variable in the body.
  EXPECT_FALSE(
      len_of({lit("A\r\nContent-Length: "), kw(ir::Keyword::Len), lit("\r\n\r\nv="), var()}));
  // A keyword that is not fixed for the run in the body.
  EXPECT_FALSE(len_of({lit("A\r\nContent-Length: "), kw(ir::Keyword::Len), lit("\r\n\r\n"),
                       kw(ir::Keyword::CallId)}));
  // A variable before the blank line could hold one.
  EXPECT_FALSE(len_of({lit("A\r\nX: "), var(), lit("\r\nContent-Length: "), kw(ir::Keyword::Len),
                       lit("\r\n\r\nbody")}));
  // A keyword right before the blank line may render nothing at the start
  // of a line: SIPp's suppression then eats the blank line.
  EXPECT_FALSE(len_of({lit("A\r\nContent-Length: "), kw(ir::Keyword::Len), lit("\r\n"),
                       kw(ir::Keyword::PeerTagParam), lit("\r\n\r\nbody")}));
  // No [len], two of them, no blank line.
  EXPECT_FALSE(len_of({lit("A\r\n\r\nbody")}));
  EXPECT_FALSE(len_of({lit("A: "), kw(ir::Keyword::Len), lit("\r\nB: "), kw(ir::Keyword::Len),
                       lit("\r\n\r\nbody")}));
  EXPECT_FALSE(len_of({lit("A: "), kw(ir::Keyword::Len), lit("\r\n")}));
}

} // namespace
} // namespace gossipper::compiler
