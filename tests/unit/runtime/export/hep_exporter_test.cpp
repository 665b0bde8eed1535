// The HEP exporter end to end on loopback: a message handed to the observer
// arrives at a UDP receiver as its HEP3 packet, addressed from our side to
// the peer's (or back for a received one); a TCP receiver nobody listens on
// fails the packets, counted, and said once; a stream's QoS report goes as
// type 34, from our media address to the peer's.
#include "export/hep_exporter.hpp"

#include "export/hep_qos_report.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;

MessageEvent event(MessageEvent::Direction direction, const udp::endpoint &peer) {
  MessageEvent e;
  e.direction = direction;
  e.bytes = "OPTIONS sip:x SIP/2.0\r\n\r\n";
  e.call_id = "1-2@h";
  e.peer = peer;
  e.wall_us = 1700000000ULL * 1000000 + 5;
  return e;
}

/// The packet of `e` from `from` to `to`, as the exporter must send it.
std::string expected(const MessageEvent &e, const udp::endpoint &from, const udp::endpoint &to,
                     const HepOptions &o) {
  HepPacket p;
  p.source = from.address();
  p.source_port = from.port();
  p.destination = to.address();
  p.destination_port = to.port();
  p.wall_us = e.wall_us;
  p.capture_id = o.capture_id;
  p.auth_key = o.password;
  p.correlation_id = e.call_id;
  p.payload = e.bytes;
  std::string out;
  encode_hep3(p, out);
  return out;
}

/// The options of a run whose HEP goes to `receiver`.
HepOptions options_for(const udp::socket &receiver) {
  HepOptions o;
  o.host = "127.0.0.1";
  o.port = receiver.local_endpoint().port();
  o.capture_id = 77;
  return o;
}

TEST(HepExporter, MirrorsSentAndReceivedMessagesOverUdp) {
  asio::io_context io;
  udp::socket receiver(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  HepOptions o = options_for(receiver);
  o.password = "pw";
  udp::endpoint local(asio::ip::make_address("127.0.0.1"), 5060);
  udp::endpoint peer(asio::ip::make_address("127.0.0.2"), 5070);
  std::vector<std::string> warnings;
  HepExporter exporter(o, local, [&](const std::string &w) { warnings.push_back(w); });
  ASSERT_TRUE(exporter.start(2));
  MessageEvent out = event(MessageEvent::Direction::Sent, peer);
  MessageEvent in = event(MessageEvent::Direction::Received, peer);
  in.shard = 1;
  exporter.on_message(out);
  exporter.on_message(in);
  std::array<char, 2048> buf{};
  std::vector<std::string> got;
  for (int i = 0; i < 2; ++i) {
    size_t n = receiver.receive(asio::buffer(buf));
    got.emplace_back(buf.data(), n);
  }
  exporter.stop();
  // One queue per shard: their order between shards is the exporter's.
  std::string sent = expected(out, local, peer, o);
  if (got[0] != sent) {
    std::swap(got[0], got[1]);
  }
  EXPECT_EQ(got[0], sent);
  EXPECT_EQ(got[1], expected(in, peer, local, o)); // received: from the peer to us
  HepTotals t = exporter.totals();
  EXPECT_EQ(t.sent, 2U);
  EXPECT_EQ(t.dropped, 0U);
  EXPECT_EQ(t.failed, 0U);
  EXPECT_EQ(t.receiver, "udp:127.0.0.1:" + std::to_string(o.port));
  EXPECT_TRUE(warnings.empty());
}

TEST(HepExporter, SendsAStreamsQosReportFromOurMediaToThePeers) {
  asio::io_context io;
  udp::socket receiver(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  HepExporter exporter(options_for(receiver), udp::endpoint(), [](const std::string &) {});
  ASSERT_TRUE(exporter.start(1));
  StreamEndEvent e;
  e.call_id = "1-2@h";
  e.media = "audio";
  e.local = udp::endpoint(asio::ip::make_address("127.0.0.1"), 6000);
  e.peer = udp::endpoint(asio::ip::make_address("127.0.0.3"), 7000);
  e.packets_received = 10;
  e.qos.mos = 4.2;
  e.wall_us = 1700000000ULL * 1000000 + 5;
  exporter.on_stream_end(e);
  std::array<char, 2048> buf{};
  std::string got(buf.data(), receiver.receive(asio::buffer(buf)));
  exporter.stop();
  std::string json;
  append_qos_report(e, json);
  HepPacket p;
  p.source = e.local.address();
  p.source_port = 6000;
  p.destination = e.peer.address();
  p.destination_port = 7000;
  p.protocol = HepProtocol::QosReport;
  p.wall_us = e.wall_us;
  p.capture_id = 77;
  p.correlation_id = e.call_id;
  p.payload = json;
  std::string want;
  encode_hep3(p, want);
  EXPECT_EQ(got, want);
  EXPECT_EQ(exporter.totals().sent, 1U); // in the same totals as the messages
}

TEST(HepExporter, CountsAndSaysOnceThatATcpReceiverIsNotThere) {
  asio::io_context io;
  uint16_t closed = 0;
  {
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    closed = a.local_endpoint().port();
  } // closed again: nobody listens there
  HepOptions o;
  o.host = "127.0.0.1";
  o.port = closed;
  o.transport = HepOptions::Transport::Tcp;
  udp::endpoint local(asio::ip::make_address("127.0.0.1"), 5060);
  std::vector<std::string> warnings;
  HepExporter exporter(o, local, [&](const std::string &w) { warnings.push_back(w); });
  ASSERT_TRUE(exporter.start(1));
  for (int i = 0; i < 100; ++i) {
    exporter.on_message(event(MessageEvent::Direction::Sent, local));
  }
  exporter.stop();
  HepTotals t = exporter.totals();
  EXPECT_EQ(t.sent, 0U);
  EXPECT_EQ(t.failed + t.dropped, 100U);
  EXPECT_GT(t.failed, 0U);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_NE(warnings[0].find("cannot connect"), std::string::npos) << warnings[0];
}

TEST(HepExporter, RefusesAReceiverThatDoesNotResolve) {
  HepOptions o;
  o.host = "no-such-host.invalid";
  o.port = 9060;
  HepExporter exporter(o, udp::endpoint(), [](const std::string &) {});
  EXPECT_FALSE(exporter.start(1));
}

} // namespace
} // namespace gossipper::runtime
