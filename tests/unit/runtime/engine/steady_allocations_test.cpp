// No allocation per call or per message on the hot path: the built-in uac
// calling the built-in uas, both runs in this process on two shards each over
// loopback UDP, their scenarios compiled to native code as a user's are,
// while this file's operator new counts what the shards'
// threads allocate. A steady state is a window of calls after the first ones
// (tables, queues and pools have grown to what the rate needs, dead calls
// expire as fast as calls end). Its own executable: it replaces the global
// operator new.
#include "engine/run.hpp"

#include "call_harness.hpp"
#include "gossipper/compiler/native_code.hpp"

#include <gtest/gtest.h>

#include <pthread.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <thread>

namespace {

std::atomic<uint64_t> g_shard_allocations{0};

/// Whether this thread is a shard's (Shard::loop names it first thing).
bool on_shard_thread() {
  thread_local int shard = -1;
  if (shard < 0) {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    shard = std::strcmp(name, "gossipper-shard") == 0 ? 1 : 0;
  }
  return shard == 1;
}

[[maybe_unused]] void *counted_allocation(std::size_t size) {
  if (on_shard_thread()) {
    g_shard_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  void *p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) {
    throw std::bad_alloc();
  }
  return p;
}

} // namespace

// Hidden from clang-tidy's analyzer, which takes memory from malloc freed by
// a delete (Boost's, Asio's) for a mismatch.
#ifndef __clang_analyzer__
void *operator new(std::size_t size) { return counted_allocation(size); }
void *operator new[](std::size_t size) { return counted_allocation(size); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
#endif

namespace gossipper::runtime {
namespace {

RunConfig two_shards(const char *name, uint16_t port, uint64_t calls) {
  RunConfig cfg = test::two_shard_config(name, port);
  cfg.max_calls = calls;
  cfg.deadcall_wait_ms = 300; // dead calls expire within the warm-up
  return cfg;
}

TEST(SteadyAllocations, TheShardsAllocateNothingPerCallOnceWarm) {
  // The uas holds every call 4 s (its <timewait>): the windows open once
  // calls have ended on both sides for a while. Three windows of 1,500
  // calls, the best one judged: a stall of the machine (a test beside this
  // one) piles calls up and grows a pool once, while an allocation per call
  // or per message shows in every window.
  constexpr uint64_t kWarm = 5500;
  constexpr uint64_t kWindow = 1500;
  constexpr int kWindows = 3;
  constexpr uint64_t kCalls = kWarm + kWindow * kWindows + 500;
  test::InterpretedScenario uas_scenario("uas");
  test::InterpretedScenario uac_scenario("uac");
  RunConfig uas_cfg = two_shards("uas", test::free_udp_port(), kCalls);
  uas_cfg.server_mode = true;
  RunConfig uac_cfg = two_shards("uac", test::free_udp_port(), kCalls);
  uac_cfg.remote_port = uas_cfg.local_port;
  uac_cfg.have_remote = true;
  uac_cfg.rate = 1000;

  auto uas_code = compiler::JitProgram::compile(uas_scenario.scenario, uas_scenario.table);
  auto uac_code = compiler::JitProgram::compile(uac_scenario.scenario, uac_scenario.table);
  ASSERT_TRUE(uas_code && uac_code);

  runtime::Run uas(uas_cfg, uas_scenario.scenario, uas_scenario.table, (*uas_code)->program());
  runtime::Run uac(uac_cfg, uac_scenario.scenario, uac_scenario.table, (*uac_code)->program());
  ASSERT_TRUE(uas.open().ok());
  ASSERT_TRUE(uac.open().ok());

  std::FILE *screens = std::tmpfile();
  ASSERT_NE(screens, nullptr);
  struct Window {
    uint64_t allocations = 0;
    uint64_t calls = 0; // ended in it
  };
  std::array<Window, kWindows> windows{};
  std::thread watcher([&] {
    auto ended = [&] { return uac.snapshot(false).stats.get(Counter::SuccessfulCall); };
    auto made = [&] { return uac.snapshot(false).stats.get(Counter::OutgoingCall); };
    auto wait_made = [&](uint64_t n) {
      while (made() < n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    };
    wait_made(kWarm);
    for (size_t w = 0; w < windows.size(); ++w) {
      uint64_t allocations = g_shard_allocations.load();
      uint64_t calls = ended();
      wait_made(kWarm + kWindow * (w + 1));
      windows[w] = {g_shard_allocations.load() - allocations, ended() - calls};
    }
  });
  int uas_exit = -1;
  std::thread server([&] { uas_exit = uas.run(screens); });
  const int uac_exit = uac.run(screens);
  server.join();
  watcher.join();
  std::fclose(screens);

  ASSERT_EQ(uac_exit, 0);
  ASSERT_EQ(uas_exit, 0);
  EXPECT_EQ(uac.snapshot(false).stats.get(Counter::SuccessfulCall), kCalls);
  const Window *best = &windows[0];
  for (const Window &w : windows) {
    std::printf("shard allocations: %llu in a window of %llu calls (both sides)\n",
                static_cast<unsigned long long>(w.allocations),
                static_cast<unsigned long long>(w.calls));
    ASSERT_GT(w.calls, kWindow / 2);
    if (w.allocations * best->calls < best->allocations * w.calls) {
      best = &w;
    }
  }
  // A call is at least six messages and two call objects: one allocation
  // per call, or per message, anywhere on either side would be thousands.
  EXPECT_LT(best->allocations, best->calls / 50);
}

} // namespace
} // namespace gossipper::runtime
