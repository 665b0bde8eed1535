// A disk that fills: while one of these lives, a file of this process can
// grow to `bytes` only, and a write past it fails (EFBIG) instead of
// raising SIGXFSZ. ctest runs each test alone, so no other test's files
// meet the limit.
#pragma once

#include <gtest/gtest.h>

#include <csignal>
#include <sys/resource.h>

namespace gossipper::test {

class FileSizeLimit {
public:
  explicit FileSizeLimit(rlim_t bytes) {
    EXPECT_EQ(::getrlimit(RLIMIT_FSIZE, &was_), 0);
    handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = was_;
    small.rlim_cur = bytes;
    EXPECT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &was_);
    std::signal(SIGXFSZ, handler_);
  }
  FileSizeLimit(const FileSizeLimit &) = delete;
  FileSizeLimit &operator=(const FileSizeLimit &) = delete;

private:
  rlimit was_{};
  void (*handler_)(int) = nullptr;
};

} // namespace gossipper::test
