// The dates of the traces, CSV files and screens (SIPp's layouts) and of the
// JSON summary (ISO 8601), for a fixed instant in UTC.
#include "time/wall_date.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace gossipper::runtime {
namespace {

/// Local time is UTC while the test runs.
class WallDateTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (const char *tz = std::getenv("TZ")) {
      saved_ = tz;
    }
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

private:
  std::optional<std::string> saved_;
};

constexpr uint64_t kInstant = 1700000000123456; // 2023-11-14 22:13:20.123456 UTC

TEST_F(WallDateTest, SippsTimestampHasTheDateAndTheEpochSeconds) {
  EXPECT_EQ(sipp_timestamp(kInstant), "2023-11-14\t22:13:20.123456\t1700000000.123456");
  // The seconds are ten digits, zero-padded; the microseconds six.
  EXPECT_EQ(sipp_timestamp(5), "1970-01-01\t00:00:00.000005\t0000000000.000005");
}

TEST_F(WallDateTest, TheMessageLogDateHasASpace) {
  EXPECT_EQ(message_log_date(kInstant), "2023-11-14 22:13:20.123456");
}

TEST_F(WallDateTest, TheSummaryDateIsIso8601InUtc) {
  EXPECT_EQ(iso8601_utc(kInstant), "2023-11-14T22:13:20.123456Z");
}

} // namespace
} // namespace gossipper::runtime
