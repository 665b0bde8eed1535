// Two whole runs in one process, each on two shards, over loopback UDP: the
// built-in uac's calls to the built-in uas, while another thread reads both
// runs' snapshots as the API and the screens do. Here it checks that every
// call ends well; the TSan build of this file (make test-sanitize) checks
// what the threads share: the shards' inboxes, the run loop, the generator,
// the statistics and the snapshot.
#include "engine/run.hpp"

#include "call_harness.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>

namespace gossipper::runtime {
namespace {

RunConfig sharded(const char *name, uint16_t port) {
  RunConfig cfg = test::two_shard_config(name, port);
  cfg.max_calls = 200;
  return cfg;
}

TEST(RunThreads, TwoShardedRunsEndEveryCallWhileTheirSnapshotsAreRead) {
  test::InterpretedScenario uas_scenario("uas");
  test::InterpretedScenario uac_scenario("uac");
  RunConfig uas_cfg = sharded("uas", test::free_udp_port());
  uas_cfg.server_mode = true;
  RunConfig uac_cfg = sharded("uac", test::free_udp_port());
  uac_cfg.remote_port = uas_cfg.local_port;
  uac_cfg.have_remote = true;
  uac_cfg.rate = 400;

  runtime::Run uas(uas_cfg, uas_scenario.scenario, uas_scenario.table,
                   uas_scenario.interp.program());
  runtime::Run uac(uac_cfg, uac_scenario.scenario, uac_scenario.table,
                   uac_scenario.interp.program());
  ASSERT_TRUE(uas.open().ok());
  ASSERT_TRUE(uac.open().ok());

  std::FILE *screens = std::tmpfile();
  ASSERT_NE(screens, nullptr);
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done.load()) {
      (void)uac.snapshot(true);
      (void)uas.snapshot(false);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  int uas_exit = -1;
  std::thread server([&] { uas_exit = uas.run(screens); });
  const int uac_exit = uac.run(screens);
  server.join();
  done = true;
  reader.join();
  std::fclose(screens);

  EXPECT_EQ(uac_exit, 0);
  EXPECT_EQ(uas_exit, 0);
  const StatsSnapshot made = uac.snapshot(false).stats;
  EXPECT_EQ(made.get(Counter::OutgoingCall), 200U);
  EXPECT_EQ(made.get(Counter::SuccessfulCall), 200U);
  const StatsSnapshot answered = uas.snapshot(false).stats;
  EXPECT_EQ(answered.get(Counter::IncomingCall), 200U);
  EXPECT_EQ(answered.get(Counter::SuccessfulCall), 200U);
}

} // namespace
} // namespace gossipper::runtime
