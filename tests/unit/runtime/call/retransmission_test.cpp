// SIPp's retransmission rules: how many, how often, what stops them, and
// how the peer's are told from new messages.
#include "call/retransmission.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(Retransmission, LimitsAreSippsPerKindCappedByMaxRetrans) {
  RunConfig cfg;
  EXPECT_EQ(retransmission_limit(cfg, true), 5U);
  EXPECT_EQ(retransmission_limit(cfg, false), 9U);
  cfg.max_retrans = 3;
  EXPECT_EQ(retransmission_limit(cfg, true), 3U);
  EXPECT_EQ(retransmission_limit(cfg, false), 3U);
}

TEST(Retransmission, IntervalsDoubleUpToT2ButForInvite) {
  EXPECT_EQ(next_retransmission_delay(500, 4000, false), 1000U);
  EXPECT_EQ(next_retransmission_delay(2000, 4000, false), 4000U);
  EXPECT_EQ(next_retransmission_delay(4000, 4000, false), 4000U);
  EXPECT_EQ(next_retransmission_delay(4000, 4000, true), 8000U);
}

TEST(Retransmission, OnlyUdpWithoutNrRetransmits) {
  RunConfig cfg;
  EXPECT_TRUE(retransmits(cfg));
  cfg.retrans_enabled = false;
  EXPECT_FALSE(retransmits(cfg));
  cfg.retrans_enabled = true;
  cfg.transport = TransportMode::TcpOne;
  EXPECT_FALSE(retransmits(cfg));
}

TEST(Retransmission, WhatStopsIt) {
  // A final answer, or any answer to an INVITE, received after the send.
  EXPECT_EQ(on_receive(3, 0, 200, "", "INVITE"), RetransmissionStop::Stop);
  EXPECT_EQ(on_receive(3, 0, 180, "", "INVITE"), RetransmissionStop::Stop);
  EXPECT_EQ(on_receive(3, 0, 486, "", "BYE"), RetransmissionStop::Stop);
  // A provisional answer to a non-INVITE slows it to T2.
  EXPECT_EQ(on_receive(3, 0, 100, "", "BYE"), RetransmissionStop::SlowDown);
  // ACK, CANCEL, BYE and PRACK requests stop it; other requests do not.
  for (const char *m : {"ACK", "CANCEL", "BYE", "PRACK"}) {
    EXPECT_EQ(on_receive(3, 0, 0, m, ""), RetransmissionStop::Stop) << m;
  }
  EXPECT_EQ(on_receive(3, 0, 0, "INFO", ""), RetransmissionStop::None);
  // Only what an element after the send received.
  EXPECT_EQ(on_receive(0, 0, 200, "", "INVITE"), RetransmissionStop::None);
}

TEST(Retransmission, ThePeersAreToldByHash) {
  Call call;
  EXPECT_EQ(classify_received(call, 42), PeerRetransmission::None);
  call.last_recv_index = 2;
  call.last_recv_hash = 42;
  EXPECT_EQ(classify_received(call, 42), PeerRetransmission::Last);
  call.recv_retrans_recv_index = 1;
  call.recv_retrans_hash = 7;
  EXPECT_EQ(classify_received(call, 7), PeerRetransmission::Answered);
  EXPECT_EQ(classify_received(call, 8), PeerRetransmission::None);
}

} // namespace
} // namespace gossipper::runtime
