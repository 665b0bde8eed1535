// The signals a run answers: each SIGUSR1 taken once, SIGUSR2s taken
// together, and the run loop's wake-up pipe, readable after a wake-up or a
// signal. The process's own handlers are put back after each test.
#include "control/signals.hpp"

#include <gtest/gtest.h>

#include <array>
#include <csignal>
#include <memory>
#include <poll.h>
#include <vector>

namespace gossipper::runtime {
namespace {

class RunSignalsTest : public ::testing::Test {
protected:
  static constexpr std::array<int, 5> kSignals = {SIGPIPE, SIGINT, SIGTERM, SIGUSR1, SIGUSR2};

  void SetUp() override {
    for (size_t i = 0; i < kSignals.size(); ++i) {
      sigaction(kSignals[i], nullptr, &saved_[i]);
    }
    signals_ = std::make_unique<RunSignals>();
    while (RunSignals::take_usr1()) { // what earlier tests left
    }
    RunSignals::take_usr2();
    signals_->drain();
  }
  void TearDown() override {
    signals_.reset();
    for (size_t i = 0; i < kSignals.size(); ++i) {
      sigaction(kSignals[i], &saved_[i], nullptr);
    }
  }
  [[nodiscard]] bool readable() const {
    pollfd p{signals_->wake_fd(), POLLIN, 0};
    return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
  }

  std::unique_ptr<RunSignals> signals_;

private:
  std::array<struct sigaction, kSignals.size()> saved_{};
};

TEST_F(RunSignalsTest, EachUsr1IsTakenOnceUsr2sTogether) {
  // Two of each raised: SIPp's q once per SIGUSR1, one screen dump for both
  // SIGUSR2s.
  struct Case {
    int signal;
    bool (*take)();
    std::vector<bool> takes;
  };
  for (const Case &c : {Case{SIGUSR1, &RunSignals::take_usr1, {true, true, false}},
                        Case{SIGUSR2, &RunSignals::take_usr2, {true, false}}}) {
    EXPECT_FALSE(c.take());
    std::raise(c.signal);
    std::raise(c.signal);
    std::vector<bool> got;
    for (size_t i = 0; i < c.takes.size(); ++i) {
      got.push_back(c.take());
    }
    EXPECT_EQ(got, c.takes) << c.signal;
  }
}

TEST_F(RunSignalsTest, WakeMakesThePipeReadableUntilDrained) {
  ASSERT_GE(signals_->wake_fd(), 0);
  EXPECT_FALSE(readable());
  RunSignals::wake();
  RunSignals::wake();
  EXPECT_TRUE(readable());
  signals_->drain();
  EXPECT_FALSE(readable());
}

TEST_F(RunSignalsTest, ASignalWakesTheLoop) {
  std::raise(SIGUSR1);
  EXPECT_TRUE(readable());
  EXPECT_TRUE(RunSignals::take_usr1());
}

TEST_F(RunSignalsTest, SigpipeIsIgnored) {
  struct sigaction now {};
  sigaction(SIGPIPE, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_IGN);
}

} // namespace
} // namespace gossipper::runtime
