#include "trace/trace_log.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <sys/resource.h>
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
    // The disk "fills" at 1,050 bytes: in the middle of the 11th record.
    rlimit was{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &was), 0);
    auto *old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = was;
    small.rlim_cur = 1050;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    for (int i = 0; i < 40; ++i) {
      log.write(record(i));
      if (i % 3 == 2) {
        log.flush(); // as the main loop does every second
      }
    }
    log.flush();
    ::setrlimit(RLIMIT_FSIZE, &was);
    std::signal(SIGXFSZ, old_handler);
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
