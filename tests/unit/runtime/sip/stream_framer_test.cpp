// Framing SIP messages out of a TCP byte stream.
#include "sip/stream_framer.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

const std::string kMsg = "OPTIONS sip:x SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 4\r\n\r\nbody";

/// The next message, "" while more bytes are needed, "error: ..." when the
/// stream cannot be framed.
std::string next(StreamFramer &f) {
  Expected<std::optional<std::string_view>> m = f.next();
  if (!m) {
    return "error: " + m.error().message;
  }
  return *m ? std::string(**m) : std::string();
}

TEST(StreamFramer, ByteByByte) {
  StreamFramer f;
  int got = 0;
  std::string two = kMsg + "\r\n" + kMsg; // a keep-alive CRLF in between
  for (char c : two) {
    f.append(std::string_view(&c, 1));
    for (std::string m = next(f); !m.empty(); m = next(f)) {
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
  EXPECT_EQ(next(f), kMsg);
  EXPECT_EQ(next(f), kMsg);
  EXPECT_EQ(next(f), "");
  f.append(kMsg.substr(10));
  EXPECT_EQ(next(f), kMsg);
}

TEST(StreamFramer, CompactContentLengthAndNoLength) {
  StreamFramer f;
  f.append("BYE sip:x SIP/2.0\r\nl: 2\r\n\r\nabBYE sip:y SIP/2.0\r\n\r\n");
  EXPECT_EQ(next(f), "BYE sip:x SIP/2.0\r\nl: 2\r\n\r\nab");
  EXPECT_EQ(next(f), "BYE sip:y SIP/2.0\r\n\r\n");
}

TEST(StreamFramer, BogusFramingIsAnError) {
  StreamFramer bad_length;
  bad_length.append("BYE sip:x SIP/2.0\r\nContent-Length: -5\r\n\r\n");
  EXPECT_EQ(next(bad_length), "error: bad Content-Length on a stream");

  StreamFramer endless;
  endless.append(std::string(70 * 1024, 'x'));
  EXPECT_EQ(next(endless), "error: no end of headers in 71680 bytes");

  StreamFramer huge;
  huge.append("BYE sip:x SIP/2.0\r\nContent-Length: 999999999\r\n\r\n");
  EXPECT_EQ(next(huge), "error: Content-Length 999999999 is larger than 16 MiB");
}

} // namespace
} // namespace gossipper::runtime
