#include "shell_words.hpp"

#include <gtest/gtest.h>

using gossipper::tools::split_words;

TEST(ShellWords, BlanksSplitQuotesKeep) {
  EXPECT_EQ(split_words("  set  r\t50 "), (std::vector<std::string>{"set", "r", "50"}));
  EXPECT_EQ(split_words(R"(set key name "a b c")"),
            (std::vector<std::string>{"set", "key", "name", "a b c"}));
  EXPECT_EQ(split_words(R"(set key empty "")"),
            (std::vector<std::string>{"set", "key", "empty", ""}));
  EXPECT_TRUE(split_words("   ").empty());
  EXPECT_EQ(split_words(R"(an "unclosed quote)"),
            (std::vector<std::string>{"an", "unclosed quote"}));
}
