// A message being written: [len] filled in as SIPp's "%5u" of the body's
// length (with its offset; 0 without a body), and the literal text after a
// keyword that rendered nothing at a line's start losing its blanks.
#include "call/message_buffer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime {
namespace {

/// "Content-Length: [len]" then `rest`, as the renderer leaves it.
MessageBuffer with_len(const std::string &rest, int32_t offset = 0) {
  MessageBuffer b;
  b.data = "MESSAGE sip:x SIP/2.0\r\nContent-Length: ";
  b.len_marker = b.data.size();
  b.len_offset = offset;
  b.data += "     " + rest;
  return b;
}

TEST(FillLen, TheBodysLengthFiveWide) {
  MessageBuffer b = with_len("\r\n\r\nhello\r\n");
  fill_len(b);
  EXPECT_EQ(b.data, "MESSAGE sip:x SIP/2.0\r\nContent-Length:     7\r\n\r\nhello\r\n");
}

TEST(FillLen, TheOffsetIsAdded) {
  MessageBuffer plus = with_len("\r\n\r\nhello\r\n", 3);
  fill_len(plus);
  EXPECT_NE(plus.data.find("Content-Length:    10\r\n"), std::string::npos) << plus.data;
  MessageBuffer minus = with_len("\r\n\r\nhello\r\n", -2);
  fill_len(minus);
  EXPECT_NE(minus.data.find("Content-Length:     5\r\n"), std::string::npos) << minus.data;
}

TEST(FillLen, NoBodyIsZero) {
  MessageBuffer empty = with_len("\r\n\r\n");
  fill_len(empty);
  EXPECT_EQ(empty.data, "MESSAGE sip:x SIP/2.0\r\nContent-Length:     0\r\n\r\n");
  MessageBuffer unended = with_len("\r\n");
  fill_len(unended);
  EXPECT_EQ(unended.data, "MESSAGE sip:x SIP/2.0\r\nContent-Length:     0\r\n");
  // SIPp gives up past 100,000 bytes of body.
  MessageBuffer huge = with_len("\r\n\r\n" + std::string(100000, 'x'));
  fill_len(huge);
  EXPECT_NE(huge.data.find("Content-Length:     0\r\n"), std::string::npos);
}

TEST(FillLen, WiderBodiesPushNothing) {
  MessageBuffer b = with_len("\r\n\r\n" + std::string(12345, 'x'));
  size_t size = b.data.size();
  fill_len(b);
  EXPECT_EQ(b.data.size(), size);
  EXPECT_NE(b.data.find("Content-Length: 12345\r\n"), std::string::npos);
}

TEST(FillLen, AnAuthenticationLineNotYetFilledIsNotTheEndOfTheHeaders) {
  // [authentication] alone on its line, before Content-Length: its line is
  // empty until the credentials are written, after fill_len.
  MessageBuffer b;
  b.data = "INVITE sip:x SIP/2.0\r\nContact: <sip:a>\r\n";
  b.auth_marker = b.data.size();
  b.data += "\r\nMax-Forwards: 70\r\nContent-Length: ";
  b.len_marker = b.data.size();
  b.data += "     \r\n\r\nv=0\r\n";
  fill_len(b);
  EXPECT_NE(b.data.find("Content-Length:     5\r\n"), std::string::npos) << b.data;
}

TEST(FillLen, WithoutLenNothingChanges) {
  MessageBuffer b;
  b.data = "MESSAGE sip:x SIP/2.0\r\nContent-Length:      \r\n\r\nbody";
  fill_len(b);
  EXPECT_EQ(b.data, "MESSAGE sip:x SIP/2.0\r\nContent-Length:      \r\n\r\nbody");
}

TEST(AppendLiteral, AnEmptyKeywordAtALineStartTakesTheLineAway) {
  MessageBuffer b;
  append_literal(b, "A: 1\r\n", 6);
  b.note_keyword_end(); // a keyword that wrote nothing
  append_literal(b, "\r\nB: 2\r\n", 8);
  EXPECT_EQ(b.data, "A: 1\r\nB: 2\r\n");
  // Mid-line, an empty keyword leaves the text alone.
  b.data += "C: ";
  b.note_keyword_end();
  append_literal(b, " x\r\n", 4);
  EXPECT_EQ(b.data, "A: 1\r\nB: 2\r\nC:  x\r\n");
}

} // namespace
} // namespace gossipper::runtime
