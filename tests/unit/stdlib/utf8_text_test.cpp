// Text made fit for JSON: valid UTF-8 kept, every byte that is not replaced.
#include "gossipper/stdlib/utf8_text.hpp"

#include <gtest/gtest.h>

namespace gossipper::stdlib {
namespace {

TEST(Utf8Text, KeepsUtf8AndReplacesWhatIsNot) {
  EXPECT_EQ(valid_utf8("plain"), "plain");
  EXPECT_EQ(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong";
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "surrogate";
  EXPECT_EQ(valid_utf8("a\xE2\x82"), "a\xEF\xBF\xBD\xEF\xBF\xBD") << "truncated";
}

} // namespace
} // namespace gossipper::stdlib
