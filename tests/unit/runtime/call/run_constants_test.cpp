// The keywords whose text is the same for a whole run: their text (IPv6 in
// brackets, offsets), and which of them compiled code may bake in.
#include "gossipper/runtime/run_constants.hpp"

#include "test_support.hpp"

#include "call_harness.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

using K = ir::Keyword;

RunConfig config() {
  RunConfig cfg = test::loopback_config();
  cfg.service = "alice";
  cfg.remote_ip = "::1";
  cfg.remote_host = "peer.example";
  cfg.remote_port = 5070;
  cfg.media_port = 6000;
  return cfg;
}

TEST(RunConstants, IpForMessageBracketsIpv6) {
  EXPECT_EQ(ip_for_message("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(ip_for_message("::1"), "[::1]");
  EXPECT_EQ(ip_for_message("fe80::2"), "[fe80::2]");
}

TEST(RunConstants, TheTextOfEachRunConstant) {
  RunConfig cfg = config();
  EXPECT_EQ(run_constant_text(cfg, K::Service, 0), "alice");
  EXPECT_EQ(run_constant_text(cfg, K::RemoteIp, 0), "[::1]");
  EXPECT_EQ(run_constant_text(cfg, K::RemoteHost, 0), "peer.example");
  EXPECT_EQ(run_constant_text(cfg, K::RemotePort, 0), "5070");
  EXPECT_EQ(run_constant_text(cfg, K::RemotePort, -70), "5000");
  EXPECT_EQ(run_constant_text(cfg, K::Transport, 0), "UDP");
  EXPECT_EQ(run_constant_text(cfg, K::LocalIp, 0), "127.0.0.1");
  EXPECT_EQ(run_constant_text(cfg, K::LocalIpType, 0), "4");
  EXPECT_EQ(run_constant_text(cfg, K::ServerIp, 0), "0.0.0.0"); // not bound to -i
  cfg.bind_local = true;
  EXPECT_EQ(run_constant_text(cfg, K::ServerIp, 0), "127.0.0.1");
  EXPECT_EQ(run_constant_text(cfg, K::MediaPort, 2), "6002");
  // [rtpstream_audio_port] is the call's own port, bound when it is rendered.
  EXPECT_EQ(run_constant_text(cfg, K::RtpstreamAudioPort, 2), std::nullopt);
  EXPECT_EQ(run_constant_text(cfg, K::Pid, 0), "4242");
  cfg.media_ip = "::1";
  EXPECT_EQ(run_constant_text(cfg, K::MediaIp, 0), "::1"); // no brackets in SDP
  EXPECT_EQ(run_constant_text(cfg, K::MediaIpType, 0), "6");
}

TEST(RunConstants, KeywordsOfTheCallAreNot) {
  RunConfig cfg = config();
  for (K kw : {K::CallId, K::Cseq, K::Branch, K::CallNumber, K::LocalPort, K::Len, K::DynamicId,
               K::Users, K::ClockTick}) {
    EXPECT_FALSE(run_constant_text(cfg, kw, 0)) << static_cast<int>(kw);
  }
}

TEST(RunConstants, WhatCodeMayBakeInLeavesOutPidAndRemotePort) {
  auto c = test::compile(test::scenario(R"(<send><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Call-ID: [call_id]-[pid]
      X-Next: [remote_port+1] [media_port+2]
    ]]></send>)"));
  ASSERT_TRUE(c.ok) << c.diagnostics.at(0);
  ir::TemplateTable table = ir::number_templates(c.scenario());
  auto constants = run_constants_of(config(), table);
  auto key = [](K kw, int32_t offset) { return std::pair{static_cast<uint32_t>(kw), offset}; };
  EXPECT_EQ(constants.at(key(K::Service, 0)), "alice");
  EXPECT_EQ(constants.at(key(K::RemoteIp, 0)), "[::1]");
  EXPECT_EQ(constants.at(key(K::Transport, 0)), "UDP");
  EXPECT_EQ(constants.at(key(K::LocalIp, 0)), "127.0.0.1");
  EXPECT_EQ(constants.at(key(K::MediaPort, 2)), "6002");
  EXPECT_FALSE(constants.contains(key(K::Pid, 0)));
  EXPECT_FALSE(constants.contains(key(K::RemotePort, 0)));
  EXPECT_FALSE(constants.contains(key(K::RemotePort, 1)));
  EXPECT_FALSE(constants.contains(key(K::LocalPort, 0))); // the call's socket says
  EXPECT_FALSE(constants.contains(key(K::CallId, 0)));
  EXPECT_EQ(constants.size(), 5U);
}

} // namespace
} // namespace gossipper::runtime
