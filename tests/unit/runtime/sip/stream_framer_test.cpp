// Framing SIP messages out of a TCP byte stream.
#include "sip/stream_framer.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

const std::string kMsg = "OPTIONS sip:x SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 4\r\n\r\nbody";

TEST(StreamFramer, ByteByByte) {
  StreamFramer f;
  std::string_view m;
  std::string err;
  int got = 0;
  std::string two = kMsg + "\r\n" + kMsg; // a keep-alive CRLF in between
  for (char c : two) {
    f.append(std::string_view(&c, 1));
    while (f.next(m, err) == StreamFramer::Status::Message) {
      EXPECT_EQ(m, kMsg);
      ++got;
    }
  }
  EXPECT_EQ(got, 2);
  EXPECT_EQ(f.pending(), 0U);
}

TEST(StreamFramer, SeveralMessagesInOneRead) {
  StreamFramer f;
  f.append(kMsg + kMsg + kMsg.substr(0, 10));
  std::string_view m;
  std::string err;
  EXPECT_EQ(f.next(m, err), StreamFramer::Status::Message);
  EXPECT_EQ(f.next(m, err), StreamFramer::Status::Message);
  EXPECT_EQ(f.next(m, err), StreamFramer::Status::NeedMore);
  f.append(kMsg.substr(10));
  EXPECT_EQ(f.next(m, err), StreamFramer::Status::Message);
  EXPECT_EQ(m, kMsg);
}

TEST(StreamFramer, CompactContentLengthAndNoLength) {
  StreamFramer f;
  f.append("BYE sip:x SIP/2.0\r\nl: 2\r\n\r\nabBYE sip:y SIP/2.0\r\n\r\n");
  std::string_view m;
  std::string err;
  ASSERT_EQ(f.next(m, err), StreamFramer::Status::Message);
  EXPECT_TRUE(m.ends_with("ab"));
  ASSERT_EQ(f.next(m, err), StreamFramer::Status::Message);
  EXPECT_EQ(m, "BYE sip:y SIP/2.0\r\n\r\n");
}

TEST(StreamFramer, BogusFramingIsAnError) {
  std::string_view m;
  std::string err;
  StreamFramer bad_length;
  bad_length.append("BYE sip:x SIP/2.0\r\nContent-Length: -5\r\n\r\n");
  EXPECT_EQ(bad_length.next(m, err), StreamFramer::Status::Error);
  EXPECT_EQ(err, "bad Content-Length on a stream");

  StreamFramer endless;
  endless.append(std::string(70 * 1024, 'x'));
  EXPECT_EQ(endless.next(m, err), StreamFramer::Status::Error);

  StreamFramer huge;
  huge.append("BYE sip:x SIP/2.0\r\nContent-Length: 999999999\r\n\r\n");
  EXPECT_EQ(huge.next(m, err), StreamFramer::Status::Error);
}

} // namespace
} // namespace gossipper::runtime
