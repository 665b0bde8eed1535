// SIPp's -inf CSV format.
#include "gossipper/stdlib/injection_file.hpp"

#include <gtest/gtest.h>

namespace gossipper::stdlib {
namespace {

TEST(InjectionFile, SequentialWithCommentsAndFields) {
  InjectionFile f;
  std::string err;
  ASSERT_TRUE(f.parse("u.csv", "SEQUENTIAL\n# a comment\nalice;secret;\nbob;pw\r\n\nignored;x;y;z;w\n",
                      err))
      << err;
  EXPECT_EQ(f.order(), InjectionFile::Order::Sequential);
  EXPECT_EQ(f.lines().size(), 2U); // the first empty line ends the data
  EXPECT_EQ(f.field_count(), 3U);  // "alice;secret;" has an empty third field
  EXPECT_EQ(f.field(1, 1), "pw");
  EXPECT_EQ(f.field(1, 2), "");
  EXPECT_EQ(f.field(0, 0), "alice");
}

TEST(InjectionFile, PrintfHeader) {
  InjectionFile f;
  std::string err;
  ASSERT_TRUE(f.parse("p.csv", "RANDOM,PRINTF=100,PRINTFOFFSET=5\nuser%04d\n", err)) << err;
  EXPECT_EQ(f.order(), InjectionFile::Order::Random);
  EXPECT_TRUE(f.printf_mode());
  EXPECT_EQ(f.printf_lines(), 100U);
  EXPECT_EQ(f.printf_offset(), 5U);
}

TEST(InjectionFile, BadFilesSaySo) {
  InjectionFile f;
  std::string err;
  EXPECT_FALSE(f.parse("x.csv", "alice;bob\n", err));
  EXPECT_EQ(err, "injection file 'x.csv':1: the first line must say SEQUENTIAL, RANDOM or USER");
  EXPECT_FALSE(f.parse("x.csv", "USER\n", err));
  EXPECT_EQ(err, "injection file 'x.csv' has no data line");
  EXPECT_FALSE(f.parse("x.csv", "SEQUENTIAL,PRINTF\na\n", err));
  EXPECT_EQ(err, "injection file 'x.csv':1: PRINTF needs '=<number>'");
  EXPECT_FALSE(f.load("/nonexistent/x.csv", err));
  EXPECT_EQ(err, "cannot read injection file '/nonexistent/x.csv': No such file or directory");
}

} // namespace
} // namespace gossipper::stdlib
