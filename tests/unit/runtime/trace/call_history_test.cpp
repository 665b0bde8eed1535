// -trace_calldebug's call histories: dated lines, bounded at 256 KiB with a
// note saying so, written whole under SIPp's heading.
#include "time/wall_date.hpp"
#include "trace/call_history.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace gossipper::runtime {
namespace {

constexpr size_t kLimit = 256 * 1024;

TEST(CallHistory, OffWithoutAFile) {
  CallHistory history(nullptr, 0);
  EXPECT_FALSE(history.on());
}

TEST(CallHistory, LinesAreDated) {
  TraceLog log;
  CallHistory history(&log, 0);
  EXPECT_TRUE(history.on());
  std::string kept;
  std::string before = sipp_timestamp().substr(0, 10);
  history.add(kept, "Starting call x\n");
  std::string after = sipp_timestamp().substr(0, 10);
  // "YYYY-MM-DD\tHH:MM:SS.uuuuuu\tSECONDS.uuuuuu" then the text; the date is
  // today's, the day before or after the add if it ran across midnight.
  EXPECT_TRUE(kept.ends_with(" Starting call x\n")) << kept;
  EXPECT_TRUE(kept.starts_with(before) || kept.starts_with(after)) << kept;
}

TEST(CallHistory, BoundedAt256KiBWithItsNote) {
  TraceLog log;
  CallHistory history(&log, 0);
  std::string kept;
  const std::string line(1000, 'x');
  for (int i = 0; i < 300; ++i) {
    history.add(kept, line + "\n");
  }
  EXPECT_GE(kept.size(), kLimit);
  EXPECT_LT(kept.size(), kLimit + 2 * line.size());
  EXPECT_TRUE(kept.ends_with("\n[history cut at 256 KiB]\n")) << kept.substr(kept.size() - 80);
  std::string full = kept;
  history.add(kept, "more\n");
  EXPECT_EQ(kept, full);
}

TEST(CallHistory, WritesTheWholeHistoryUnderSippsHeading) {
  std::string path = test::temp_path("call_history_test.log");
  TraceLog log;
  ASSERT_TRUE(log.open(path, true).ok());
  CallHistory history(&log, 1000);
  history.write("7-42@127.0.0.1", "line one\nline two\n");
  log.flush();
  EXPECT_EQ(test::read_file(path),
            std::string(79, '-') +
                "\nCall debugging information for call 7-42@127.0.0.1:\nline one\nline two\n");
  std::remove(path.c_str());
}

TEST(CallHistory, TimesCountFromTheOrigin) {
  CallHistory history(nullptr, 1000);
  EXPECT_EQ(history.since_origin(1500), 500U);
  EXPECT_EQ(history.since_origin(999), 0U);
}

} // namespace
} // namespace gossipper::runtime
