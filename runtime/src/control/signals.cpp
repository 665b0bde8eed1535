//===- signals.cpp - The signals a run answers, and its wake-up -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/signals.hpp"

#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

// A signal handler reaches nothing but these.
std::atomic<int> g_stop{0};
std::atomic<int> g_usr1{0};
std::atomic<int> g_usr2{0};
std::atomic<int> g_wake_fd{-1};

extern "C" void on_stop_signal(int sig) {
  g_stop.store(sig);
  RunSignals::wake();
}
extern "C" void on_usr1(int) {
  g_usr1.fetch_add(1);
  RunSignals::wake();
}
extern "C" void on_usr2(int) {
  g_usr2.fetch_add(1);
  RunSignals::wake();
}

} // namespace

RunSignals::RunSignals() {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGUSR1, on_usr1);
  std::signal(SIGUSR2, on_usr2);
  if (::pipe2(pipe_, O_NONBLOCK | O_CLOEXEC) == 0) {
    g_wake_fd.store(pipe_[1]);
  }
}

RunSignals::~RunSignals() {
  g_wake_fd.store(-1);
  for (int fd : pipe_) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

void RunSignals::drain() const {
  if (pipe_[0] >= 0) {
    char bytes[64];
    while (::read(pipe_[0], bytes, sizeof bytes) > 0) {
    }
  }
}

int RunSignals::stop_signal() { return g_stop.load(); }

bool RunSignals::take_usr1() {
  int pending = g_usr1.load();
  while (pending > 0 && !g_usr1.compare_exchange_weak(pending, pending - 1)) {
  }
  return pending > 0;
}

bool RunSignals::take_usr2() { return g_usr2.exchange(0) > 0; }

void RunSignals::wake() {
  int fd = g_wake_fd.load();
  if (fd >= 0) {
    char b = 1;
    [[maybe_unused]] ssize_t n = ::write(fd, &b, 1); // full pipe: a wake-up is pending anyway
  }
}

} // namespace gossipper::runtime
