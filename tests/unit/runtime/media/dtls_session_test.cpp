//===- dtls_session_test.cpp - A DTLS-SRTP association (RFC 5764) ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Two associations hand their datagrams to each other: the handshake ends
// with the same SRTP keys on both sides, crossed; a certificate that is not
// the SDP's fingerprint fails; a peer that never answers leaves a timer.
//
//===----------------------------------------------------------------------===//
#include "media/dtls_session.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

using Role = DtlsSession::Role;
using State = DtlsSession::State;

std::shared_ptr<const DtlsIdentity> identity() {
  auto id = DtlsIdentity::generate();
  EXPECT_TRUE(id.ok()) << id.error().message;
  return *id;
}

Fingerprint fingerprint(const DtlsIdentity &id) { return *read_fingerprint(id.fingerprint()); }

/// Passes datagrams both ways until neither side has any to send.
void shuttle(DtlsSession &client, DtlsSession &server) {
  std::vector<std::string> to_server, to_client;
  client.start(to_server);
  for (int round = 0; round < 20 && !(to_server.empty() && to_client.empty()); ++round) {
    std::vector<std::string> next_to_client, next_to_server;
    for (const std::string &d : to_server) {
      server.on_datagram(d, next_to_client);
    }
    for (const std::string &d : to_client) {
      client.on_datagram(d, next_to_server);
    }
    to_server = std::move(next_to_server);
    to_client = std::move(next_to_client);
  }
}

TEST(DtlsSession, BothSidesExportTheSameKeysCrossed) {
  auto a = identity(), b = identity();
  auto client = DtlsSession::make(*a, Role::Client, fingerprint(*b));
  auto server = DtlsSession::make(*b, Role::Server, fingerprint(*a));
  ASSERT_TRUE(client.ok() && server.ok());
  shuttle(**client, **server);
  ASSERT_EQ((*client)->state(), State::Keyed) << (*client)->failure();
  ASSERT_EQ((*server)->state(), State::Keyed) << (*server)->failure();
  EXPECT_EQ((*client)->local_key().master, (*server)->remote_key().master);
  EXPECT_EQ((*client)->remote_key().master, (*server)->local_key().master);
  EXPECT_NE((*client)->local_key().master, (*client)->remote_key().master);
  // The first profile of ours: AES-CM, 80-bit tag.
  EXPECT_EQ((*client)->local_key().suite, SrtpSuite::AesCm128HmacSha1_80);
  EXPECT_EQ((*client)->local_key().master.size(), 30u);
  EXPECT_FALSE((*client)->timeout_ms());
}

TEST(DtlsSession, ACertificateThatIsNotTheFingerprintFails) {
  auto a = identity(), b = identity(), c = identity();
  auto client = DtlsSession::make(*a, Role::Client, fingerprint(*c)); // not b's
  auto server = DtlsSession::make(*b, Role::Server, fingerprint(*a));
  shuttle(**client, **server);
  EXPECT_EQ((*client)->state(), State::Failed);
  EXPECT_NE((*client)->failure().find("fingerprint"), std::string::npos);
}

TEST(DtlsSession, ASilentPeerLeavesATimerAndAFlightToResend) {
  auto a = identity(), b = identity();
  auto client = DtlsSession::make(*a, Role::Client, fingerprint(*b));
  std::vector<std::string> out;
  (*client)->start(out);
  ASSERT_EQ(out.size(), 1u);                            // the ClientHello
  EXPECT_EQ(static_cast<unsigned char>(out[0][0]), 22); // a handshake record
  std::optional<uint64_t> t = (*client)->timeout_ms();
  ASSERT_TRUE(t);
  EXPECT_LE(*t, 1000u);
  EXPECT_EQ((*client)->state(), State::Handshaking);
}

TEST(DtlsSession, GarbageFailsTheHandshakeWithoutACrash) {
  auto a = identity(), b = identity();
  auto server = DtlsSession::make(*b, Role::Server, fingerprint(*a));
  std::vector<std::string> out;
  (*server)->on_datagram(std::string("\x16\xfe\xfd garbage garbage garbage", 26), out);
  (*server)->on_datagram("", out);
  EXPECT_NE((*server)->state(), State::Keyed);
}

} // namespace
} // namespace gossipper::runtime::media
