// SIPp's -inf CSV format.
#include "gossipper/stdlib/injection_file.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace gossipper::stdlib {
namespace {

/// The error's message, "" when none.
std::string why(const Expected<void> &e) { return e ? std::string() : e.error().message; }

TEST(InjectionFile, SequentialWithCommentsAndFields) {
  InjectionFile f;
  ASSERT_EQ(why(f.parse("u.csv",
                        "SEQUENTIAL\n# a comment\nalice;secret;\nbob;pw\r\n\nignored;x;y;z;w\n")),
            "");
  EXPECT_EQ(f.order(), InjectionFile::Order::Sequential);
  EXPECT_EQ(f.lines().size(), 2U); // the first empty line ends the data
  EXPECT_EQ(f.field_count(), 3U);  // "alice;secret;" has an empty third field
  EXPECT_EQ(f.field(1, 1), "pw");
  EXPECT_EQ(f.field(1, 2), "");
  EXPECT_EQ(f.field(0, 0), "alice");
}

TEST(InjectionFile, PrintfHeader) {
  InjectionFile f;
  ASSERT_EQ(why(f.parse("p.csv", "RANDOM,PRINTF=100,PRINTFOFFSET=5\nuser%04d\n")), "");
  EXPECT_EQ(f.order(), InjectionFile::Order::Random);
  EXPECT_TRUE(f.printf_mode());
  EXPECT_EQ(f.printf_lines(), 100U);
  EXPECT_EQ(f.printf_offset(), 5U);
}

TEST(InjectionFile, BadFilesSaySo) {
  InjectionFile f;
  EXPECT_EQ(why(f.parse("x.csv", "alice;bob\n")),
            "injection file 'x.csv':1: the first line must say SEQUENTIAL, RANDOM or USER");
  EXPECT_EQ(why(f.parse("x.csv", "USER\n")), "injection file 'x.csv' has no data line");
  EXPECT_EQ(why(f.parse("x.csv", "SEQUENTIAL,PRINTF\na\n")),
            "injection file 'x.csv':1: PRINTF needs '=<number>'");
  EXPECT_EQ(why(f.load("/nonexistent/x.csv")),
            "cannot read injection file '/nonexistent/x.csv': No such file or directory");
}

TEST(InjectionFile, NamedByTheLastPathComponentAsSipp) {
  EXPECT_EQ(InjectionFile::name_of("../path/to/users.csv"), "users.csv");
  EXPECT_EQ(InjectionFile::name_of("users.csv"), "users.csv");
}

TEST(InjectionFile, LineOrders) {
  InjectionFile seq;
  ASSERT_EQ(why(seq.parse("s.csv", "SEQUENTIAL\na\nb\nc\n")), "");
  std::vector<long> got;
  for (int i = 0; i < 5; ++i) {
    got.push_back(seq.next_line(0, 12345));
  }
  EXPECT_EQ(got, (std::vector<long>{0, 1, 2, 0, 1}));

  InjectionFile rnd;
  ASSERT_EQ(why(rnd.parse("r.csv", "RANDOM\na\nb\nc\n")), "");
  EXPECT_EQ(rnd.next_line(0, 7), 1);
  EXPECT_EQ(rnd.next_line(0, 9), 0);

  InjectionFile user;
  ASSERT_EQ(why(user.parse("u.csv", "USER\na\nb\n")), "");
  EXPECT_EQ(user.next_line(1, 0), 0);
  EXPECT_EQ(user.next_line(2, 0), 1);
  EXPECT_EQ(user.next_line(0, 0), -1); // no -users: the call reads no line
  EXPECT_EQ(user.next_line(3, 0), -1); // beyond the file
}

TEST(InjectionFile, PrintfFieldsNumberTheVirtualLines) {
  InjectionFile f;
  ASSERT_EQ(why(f.parse("p.csv", "SEQUENTIAL,PRINTF=10,PRINTFOFFSET=100,PRINTFMULTIPLE=2\n"
                                 "user%04d;%d%%;%-4d|;%.3d;plain\n")),
            "");
  EXPECT_EQ(f.line_count(), 10);
  auto field = [&f](long line, unsigned index) {
    std::string out;
    f.append_field(line, index, out);
    return out;
  };
  EXPECT_EQ(field(3, 0), "user0106"); // 100 + 3 x 2
  EXPECT_EQ(field(3, 1), "106%");
  EXPECT_EQ(field(0, 2), "100 |");
  EXPECT_EQ(field(0, 3), "100");
  EXPECT_EQ(field(9, 4), "plain");
  EXPECT_EQ(field(10, 0), ""); // past the virtual lines: nothing
  EXPECT_EQ(why(f.parse("p.csv", "SEQUENTIAL,PRINTF=2\nuser%s\n")),
            "injection file 'p.csv':2: a PRINTF file allows only %d, %%, and %<width>d in its "
            "fields");
}

TEST(InjectionFile, IndexLookupInsertReplace) {
  InjectionFile f;
  ASSERT_EQ(why(f.parse("u.csv", "SEQUENTIAL\nalice;1\nbob;2\n")), "");
  f.make_writable();
  EXPECT_FALSE(f.indexed());
  f.build_index(0);
  EXPECT_TRUE(f.indexed());
  EXPECT_EQ(f.lookup("bob"), 1);
  EXPECT_EQ(f.lookup("carol"), -1);
  ASSERT_TRUE(f.insert("carol;3").ok());
  EXPECT_EQ(f.lookup("carol"), 2);
  EXPECT_EQ(f.line_count(), 3);
  ASSERT_TRUE(f.replace(0, "dave;4").ok());
  EXPECT_EQ(f.lookup("alice"), -1);
  EXPECT_EQ(f.lookup("dave"), 0);
  std::string out;
  f.append_field(0, 1, out);
  EXPECT_EQ(out, "4");
  Expected<void> outside = f.replace(3, "x");
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().message, "line 3 is outside the injection file 'u.csv' (3 lines)");

  InjectionFile p;
  ASSERT_EQ(why(p.parse("p.csv", "SEQUENTIAL,PRINTF=5\nu%d\n")), "");
  Expected<void> refused = p.insert("x");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "cannot insert into the PRINTF injection file 'p.csv'");
}

// A sharded run's SEQUENTIAL file: the shard's lines only, in turn.
TEST(InjectionFile, SequentialWithinAShardsLines) {
  InjectionFile f;
  ASSERT_EQ(why(f.parse("s.csv", "SEQUENTIAL\na\nb\nc\nd\ne\n")), "");
  f.keep_sequential_lines(1, 3);
  std::vector<long> lines;
  for (int i = 0; i < 7; ++i) {
    lines.push_back(f.next_line(0, 0));
  }
  EXPECT_EQ(lines, (std::vector<long>{1, 2, 3, 1, 2, 3, 1}));
  InjectionFile r;
  ASSERT_EQ(why(r.parse("r.csv", "RANDOM\na\nb\nc\n")), "");
  r.keep_sequential_lines(0, 1); // RANDOM files keep every line
  EXPECT_EQ(r.next_line(0, 5), 2);
}

} // namespace
} // namespace gossipper::stdlib
