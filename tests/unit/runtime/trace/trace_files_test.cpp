// A run's trace files: SIPp's names, opened when asked for, turned off and on
// while the run goes on ("trace messages off"), and unknown names refused.
#include "trace/trace_files.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

class TraceFilesTest : public ::testing::Test {
protected:
  TraceFilesTest() {
    // Unique names in the test directory: <dir>/trace_files_test_<pid>_...
    cfg.scenario_name = ::testing::TempDir() + "trace_files_test";
    cfg.pid = static_cast<uint32_t>(::getpid());
  }
  void TearDown() override {
    for (const char *suffix : {"_messages.log", "_logs.log", "_shortmessages.log"}) {
      std::remove(name(suffix).c_str());
    }
  }
  [[nodiscard]] std::string name(const char *suffix) const {
    return trace_file_name(cfg, "", suffix);
  }
  [[nodiscard]] bool exists(const char *suffix) const {
    return ::access(name(suffix).c_str(), F_OK) == 0;
  }

  RunConfig cfg;
};

TEST_F(TraceFilesTest, NamesAreSipps) {
  EXPECT_EQ(trace_file_name(cfg, "", "_messages.log"),
            cfg.scenario_name + "_" + std::to_string(cfg.pid) + "_messages.log");
  EXPECT_EQ(trace_file_name(cfg, "mine.log", "_messages.log"), "mine.log");
}

TEST_F(TraceFilesTest, MessagesOnOpensOffStopsOnAgainResumes) {
  TraceFiles files(cfg);
  EXPECT_FALSE(files.observers().active());
  EXPECT_FALSE(exists("_messages.log"));
  ASSERT_TRUE(files.set("messages", true).ok());
  EXPECT_TRUE(exists("_messages.log"));
  EXPECT_TRUE(files.observers().active());
  ASSERT_TRUE(files.set("messages", false).ok());
  EXPECT_FALSE(files.observers().active());
  EXPECT_TRUE(exists("_messages.log")); // stays, for a record a shard may be writing
  ASSERT_TRUE(files.set("messages", true).ok());
  EXPECT_TRUE(files.observers().active());
  ASSERT_TRUE(files.set("shortmessages", true).ok());
  EXPECT_TRUE(exists("_shortmessages.log"));
}

TEST_F(TraceFilesTest, LogsGoToTheirFileOnlyWhileOn) {
  TraceFiles files(cfg);
  files.log("before");
  ASSERT_TRUE(files.set("logs", true).ok());
  files.log("while on");
  ASSERT_TRUE(files.set("logs", false).ok());
  files.log("after");
  files.flush();
  EXPECT_EQ(test::read_file(name("_logs.log")), "while on\n");
}

TEST_F(TraceFilesTest, AnUnknownNameIsRefused) {
  TraceFiles files(cfg);
  Expected<void> r = files.set("x", true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Unknown log file: x");
  EXPECT_TRUE(files.set("error", false).ok());
}

TEST_F(TraceFilesTest, OpenOpensWhatTheOptionsAskFor) {
  cfg.trace_msg = true;
  TraceFiles files(cfg);
  EXPECT_EQ(files.call_debug(), nullptr);
  ASSERT_TRUE(files.open().ok());
  EXPECT_TRUE(exists("_messages.log"));
  EXPECT_FALSE(exists("_logs.log"));
  EXPECT_TRUE(files.observers().active());
}

TEST_F(TraceFilesTest, RingBufferAndMaximumSizeExcludeEachOther) {
  cfg.max_log_size = 1000;
  cfg.ringbuffer_size = 1000;
  TraceFiles files(cfg);
  Expected<void> r = files.open();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Ring Buffer options and maximum log size are mutually exclusive.");
}

TEST_F(TraceFilesTest, AnUnwritableFileSaysWhich) {
  cfg.message_file = "/nonexistent/dir/m.log";
  TraceFiles files(cfg);
  Expected<void> r = files.set("messages", true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "Unable to create '/nonexistent/dir/m.log': No such file or directory");
  EXPECT_FALSE(files.observers().active());
}

} // namespace
} // namespace gossipper::runtime
