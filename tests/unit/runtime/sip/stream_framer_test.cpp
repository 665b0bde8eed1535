// Framing SIP messages out of a TCP byte stream.
#include "sip/stream_framer.hpp"

#include <gtest/gtest.h>

#include <random>

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

// The headers end at the first CRLFCRLF or bare LFLF, whichever comes
// first: the framer's one pass over the line ends against the two searches
// it replaced, on random mixes of line ends.
TEST(StreamFramer, HeadersEndAtTheFirstCrlfCrlfOrLfLf) {
  auto reference = [](std::string_view v) {
    size_t end = v.find("\r\n\r\n");
    size_t sep = 4;
    size_t lf = v.substr(0, end).find("\n\n");
    if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
      end = lf;
      sep = 2;
    }
    return end == std::string_view::npos ? std::string() : std::string(v.substr(0, end + sep));
  };
  std::mt19937 random(11);
  const char alphabet[] = {'a', ':', '\r', '\n'};
  for (int round = 0; round < 20000; ++round) {
    std::string text = "a";
    for (size_t n = random() % 24; n > 0; --n) {
      text += alphabet[random() % 4];
    }
    StreamFramer f;
    f.append(text);
    ASSERT_EQ(next(f), reference(text)) << "in " << testing::PrintToString(text);
  }
}

} // namespace
} // namespace gossipper::runtime
