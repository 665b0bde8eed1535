// Which shard of a sharded run a process is: -shard I/N, -shards N, the
// Kubernetes index in the environment, -start_at, and what the shard's
// ports and SEQUENTIAL -inf rows become.
#include "sipp_sharding.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace gossipper::tools {
namespace {

constexpr uint64_t kNow = 1700000000000; // ms since the epoch

/// The command line `args` read and its shard settled in `env`.
struct Settled {
  Expected<SippCommandLine> cl = Error{};
  Expected<void> shard = Error{};
};

Settled settle(const std::vector<std::string> &args,
               const std::map<std::string, std::string> &env = {}) {
  Settled s;
  s.cl = parse_sipp_command_line(args);
  if (!s.cl) {
    return s;
  }
  s.shard = resolve_shard(
      *s.cl,
      [&env](const char *name) -> const char * {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      kNow);
  return s;
}

/// The message of whichever step refused `args`, "" when none did.
std::string refusal(const std::vector<std::string> &args,
                    const std::map<std::string, std::string> &env = {}) {
  Settled s = settle(args, env);
  if (!s.cl) {
    EXPECT_EQ(s.cl.error().exit_code, 1); // as SIPp's bad options
    return s.cl.error().message;
  }
  return s.shard ? std::string() : s.shard.error().message;
}

TEST(SippSharding, ShardOption) {
  Settled s = settle({"-shard", "1/3"});
  ASSERT_TRUE(s.cl && s.shard);
  EXPECT_EQ(s.cl->run.shard_index, 1U);
  EXPECT_EQ(s.cl->run.shard_count, 3U);
  EXPECT_TRUE(s.cl->run.sharded());
  Settled one = settle({"-shard", "0/1"});
  ASSERT_TRUE(one.cl && one.shard);
  EXPECT_FALSE(one.cl->run.sharded());
  Settled most = settle({"-shard", "9999/10000"});
  ASSERT_TRUE(most.cl && most.shard);
  EXPECT_EQ(most.cl->run.shard_index, 9999U);
}

TEST(SippSharding, BadShardValuesAreRefused) {
  for (const char *v : {"3/2", "0/0", "2/2", "-1/3", "x/3", "1/", "/3", "1", "1/3/4", " 1/3",
                        "1/+3", "0/10001", "0/99999999999", "1.0/3", "0x1/3", ""}) {
    std::string why = refusal({"-shard", v});
    EXPECT_NE(why.find(std::string("-shard, \"") + v + "\" is not I/N"), std::string::npos)
        << v << ": " << why;
  }
  EXPECT_NE(refusal({"-shards", "0"}).find("-shards, \"0\" is not a number of shards"),
            std::string::npos);
  EXPECT_NE(refusal({"-shards", "10001"}).find("1 to 10000"), std::string::npos);
  EXPECT_NE(refusal({"-shard", "1/3", "-shards", "4"}).find("disagrees"), std::string::npos);
  EXPECT_EQ(refusal({"-shard", "1/3", "-shards", "3"}), "");
}

TEST(SippSharding, TheIndexFromKubernetes) {
  Settled s = settle({"-shards", "4"}, {{"JOB_COMPLETION_INDEX", "3"}});
  ASSERT_TRUE(s.cl && s.shard) << s.shard.error().message;
  EXPECT_EQ(s.cl->run.shard_index, 3U);
  EXPECT_EQ(s.cl->run.shard_count, 4U);
  Settled e = settle({}, {{"JOB_COMPLETION_INDEX", "0"}, {"GOSSIPPER_SHARDS", "2"}});
  ASSERT_TRUE(e.cl && e.shard);
  EXPECT_EQ(e.cl->run.shard_index, 0U);
  EXPECT_EQ(e.cl->run.shard_count, 2U);
  // -shards before GOSSIPPER_SHARDS, -shard before both.
  Settled over =
      settle({"-shards", "5"}, {{"JOB_COMPLETION_INDEX", "4"}, {"GOSSIPPER_SHARDS", "2"}});
  ASSERT_TRUE(over.cl && over.shard);
  EXPECT_EQ(over.cl->run.shard_count, 5U);
  Settled given =
      settle({"-shard", "1/2"}, {{"JOB_COMPLETION_INDEX", "7"}, {"GOSSIPPER_SHARDS", "9"}});
  ASSERT_TRUE(given.cl && given.shard);
  EXPECT_EQ(given.cl->run.shard_index, 1U);
  EXPECT_EQ(given.cl->run.shard_count, 2U);
}

TEST(SippSharding, AnIndexAloneIsNotSharded) {
  // Any Indexed Job sets JOB_COMPLETION_INDEX; without a count it says nothing.
  Settled s = settle({}, {{"JOB_COMPLETION_INDEX", "2"}});
  ASSERT_TRUE(s.cl && s.shard);
  EXPECT_FALSE(s.cl->run.sharded());
  Settled empty = settle({}, {{"JOB_COMPLETION_INDEX", ""}, {"GOSSIPPER_SHARDS", ""}});
  ASSERT_TRUE(empty.cl && empty.shard);
  EXPECT_FALSE(empty.cl->run.sharded());
}

TEST(SippSharding, ACountWithoutAnIndexIsRefused) {
  std::string why = refusal({"-shards", "3"});
  EXPECT_NE(why.find("-shards 3 says how many shards"), std::string::npos) << why;
  EXPECT_NE(why.find("JOB_COMPLETION_INDEX"), std::string::npos) << why;
  why = refusal({}, {{"GOSSIPPER_SHARDS", "3"}});
  EXPECT_NE(why.find("GOSSIPPER_SHARDS=3 says how many shards"), std::string::npos) << why;
  Settled one = settle({"-shards", "1"}); // one shard needs no index
  ASSERT_TRUE(one.cl && one.shard);
  EXPECT_FALSE(one.cl->run.sharded());
}

TEST(SippSharding, BadEnvironmentValuesNameTheVariable) {
  std::string why = refusal({"-shards", "3"}, {{"JOB_COMPLETION_INDEX", "x"}});
  EXPECT_NE(why.find("JOB_COMPLETION_INDEX=\"x\" is not a shard index"), std::string::npos) << why;
  why = refusal({"-shards", "3"}, {{"JOB_COMPLETION_INDEX", "-1"}});
  EXPECT_NE(why.find("JOB_COMPLETION_INDEX=\"-1\""), std::string::npos) << why;
  why = refusal({"-shards", "3"}, {{"JOB_COMPLETION_INDEX", "3"}});
  EXPECT_NE(why.find("JOB_COMPLETION_INDEX=3 is not a shard of the 3 that -shards 3 gives"),
            std::string::npos)
      << why;
  for (const char *bad : {"0", "x", "-2", "10001", "2.5"}) {
    why = refusal({}, {{"JOB_COMPLETION_INDEX", "0"}, {"GOSSIPPER_SHARDS", bad}});
    EXPECT_NE(why.find(std::string("GOSSIPPER_SHARDS=\"") + bad + "\" is not a number of shards"),
              std::string::npos)
        << bad << ": " << why;
  }
}

TEST(SippSharding, TotalsUnderTheShardsAreRefused) {
  EXPECT_NE(refusal({"-shard", "0/4", "-m", "3"}).find("-m 3 is fewer calls than the 4 shards"),
            std::string::npos);
  EXPECT_EQ(refusal({"-shard", "0/4", "-m", "4"}), "");
  EXPECT_EQ(refusal({"-shard", "0/4", "-m", "0"}), ""); // no -m
  EXPECT_NE(refusal({"-shard", "0/4", "-users", "2"}).find("-users 2 is fewer users"),
            std::string::npos);
  EXPECT_EQ(refusal({"-m", "3"}), ""); // unsharded: as ever
}

TEST(SippSharding, StartAt) {
  Settled s = settle({"-start_at", std::to_string(kNow + 5000)});
  ASSERT_TRUE(s.cl && s.shard);
  EXPECT_EQ(s.cl->run.start_at_ms, kNow + 5000);
  EXPECT_TRUE(settle({"-start_at", "1"}).shard); // past: starts at once, not refused
  EXPECT_TRUE(settle({"-start_at", std::to_string(kNow + 24 * 3600 * 1000)}).shard);
  std::string why = refusal({"-start_at", std::to_string(kNow + 25 * 3600 * 1000ULL)});
  EXPECT_NE(why.find("more than a day ahead"), std::string::npos) << why;
  for (const char *bad : {"0", "x", "-5", "1.5", "", "12s"}) {
    why = refusal({"-start_at", bad});
    EXPECT_NE(why.find("is not a time in milliseconds since the epoch"), std::string::npos)
        << bad << ": " << why;
  }
}

TEST(SippSharding, WaitingForAStartAlreadyPast) {
  std::ostringstream err;
  wait_for_start(epoch_ms_now() - 2000, err); // returns at once
  EXPECT_NE(err.str().find("Warning: -start_at"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("starting now"), std::string::npos) << err.str();
  std::ostringstream none;
  wait_for_start(0, none);
  EXPECT_EQ(none.str(), "");
  uint64_t soon = epoch_ms_now() + 150;
  std::ostringstream quiet;
  wait_for_start(soon, quiet);
  EXPECT_GE(epoch_ms_now(), soon);
  EXPECT_EQ(quiet.str(), "");
}

TEST(SippSharding, PortsOfAShard) {
  Settled s =
      settle({"-shard", "2/4", "-p", "5070", "-min_rtp_port", "6000", "-max_rtp_port", "6999"});
  ASSERT_TRUE(s.cl && s.shard);
  ASSERT_TRUE(shard_ports(*s.cl));
  EXPECT_EQ(s.cl->run.local_port, 5072);
  EXPECT_EQ(s.cl->run.min_rtp_port, 6500); // slice 2 of 1000 ports: 6500..6749
  EXPECT_EQ(s.cl->run.max_rtp_port, 6749);
  EXPECT_EQ(s.cl->run.media_port, 6500);
  // No -p: the port search as ever; no RTP range given: the defaults kept.
  Settled d = settle({"-shard", "1/2"});
  ASSERT_TRUE(d.cl && d.shard);
  ASSERT_TRUE(shard_ports(*d.cl));
  EXPECT_EQ(d.cl->run.local_port, 0);
  EXPECT_EQ(d.cl->run.min_rtp_port, 6000);
  EXPECT_EQ(d.cl->run.max_rtp_port, 65535);
  // Unsharded: untouched.
  Settled u = settle({"-p", "5070", "-mp", "7000", "-max_rtp_port", "7001"});
  ASSERT_TRUE(u.cl && u.shard);
  ASSERT_TRUE(shard_ports(*u.cl));
  EXPECT_EQ(u.cl->run.local_port, 5070);
  EXPECT_EQ(u.cl->run.min_rtp_port, 7000);
  EXPECT_EQ(u.cl->run.max_rtp_port, 7001);
}

TEST(SippSharding, PortsTooFewOrTooHighAreRefused) {
  Settled s = settle({"-shard", "1/4", "-min_rtp_port", "6000", "-max_rtp_port", "6004"});
  ASSERT_TRUE(s.cl && s.shard);
  Expected<void> ports = shard_ports(*s.cl);
  ASSERT_FALSE(ports);
  EXPECT_NE(ports.error().message.find("leaves shard 1 1 port(s)"), std::string::npos)
      << ports.error().message;
  Settled high = settle({"-shard", "3/4", "-p", "65534"});
  ASSERT_TRUE(high.cl && high.shard);
  Expected<void> past = shard_ports(*high.cl);
  ASSERT_FALSE(past);
  EXPECT_NE(past.error().message.find("past port 65535"), std::string::npos);
}

TEST(SippSharding, SequentialRowsOfAShard) {
  runtime::RunConfig cfg;
  cfg.shard_index = 1;
  cfg.shard_count = 3;
  stdlib::InjectionFile seq;
  ASSERT_TRUE(seq.parse("s.csv", "SEQUENTIAL\na\nb\nc\nd\ne\nf\ng\n")); // 7 rows: 2, 2, 3
  ASSERT_TRUE(shard_injection_rows("s.csv", seq, cfg));
  EXPECT_EQ(seq.next_line(0, 0), 2);
  EXPECT_EQ(seq.next_line(0, 0), 3);
  EXPECT_EQ(seq.next_line(0, 0), 2);
  stdlib::InjectionFile few;
  ASSERT_TRUE(few.parse("f.csv", "SEQUENTIAL\na\nb\n"));
  runtime::RunConfig first = cfg;
  first.shard_index = 0;
  Expected<void> none = shard_injection_rows("f.csv", few, first); // 2 rows: 0, 1, 1
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("f.csv has 2 lines for 3 shards: shard 0 would have none"),
            std::string::npos)
      << none.error().message;
  stdlib::InjectionFile random;
  ASSERT_TRUE(random.parse("r.csv", "RANDOM\na\nb\n"));
  ASSERT_TRUE(shard_injection_rows("r.csv", random, cfg)); // every row kept
  EXPECT_EQ(random.next_line(0, 0), 0);
  stdlib::InjectionFile printf_file;
  ASSERT_TRUE(printf_file.parse("p.csv", "SEQUENTIAL,PRINTF=30\nu%d\n"));
  ASSERT_TRUE(shard_injection_rows("p.csv", printf_file, cfg)); // PRINTF's 30 lines: 10..19
  EXPECT_EQ(printf_file.next_line(0, 0), 10);
}

} // namespace
} // namespace gossipper::tools
