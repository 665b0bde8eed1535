#include "trace/trace_log.hpp"

#include "file_size_limit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

namespace fs = std::filesystem;

std::string record(int n) {
  std::string r = "record " + std::to_string(n) + " ";
  r.resize(99, '.');
  return r + "\n"; // 100 bytes
}

TEST(TraceLog, AFullDiskKeepsTheLastWholeRecordAndCountsTheRest) {
  std::string pattern = (fs::temp_directory_path() / "trace-log-XXXXXX").string();
  fs::path dir = ::mkdtemp(pattern.data());
  std::string path = (dir / "uac_1_messages.log").string();
  {
    TraceLog log;
    ASSERT_TRUE(log.open(path, true));
    {
      test::FileSizeLimit full(1050); // the disk fills in the 11th record
      for (int i = 0; i < 40; ++i) {
        log.write(record(i));
        if (i % 3 == 2) {
          log.flush(); // as the main loop does every second
        }
      }
      log.flush();
    }
    uintmax_t size = fs::file_size(path);
    EXPECT_EQ(size % 100, 0U) << "a record cut in two: " << size;
    EXPECT_LE(size, 1000U);
    EXPECT_EQ(log.lost(), 40 - size / 100);
  }
  fs::remove_all(dir);
}

TEST(TraceLog, ADeviceThatRefusesCountsEveryRecordLost) {
  TraceLog log;
  ASSERT_TRUE(log.open("/dev/full", true));
  for (int i = 0; i < 5; ++i) {
    log.write(record(i));
  }
  log.flush();
  log.write(record(5));
  EXPECT_EQ(log.lost(), 6U);
}

} // namespace
} // namespace gossipper::runtime
