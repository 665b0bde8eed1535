//===- packet_decoder_test.cpp - Frames read down to UDP and TCP ----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/packet_decoder.hpp"

#include "capture_frames.hpp"

#include <gtest/gtest.h>

#include <pcap/pcap.h>

namespace gossipper::runtime::capture {
namespace {

using test::FrameSpec;
using test::Link;

Expected<std::optional<DecodedPacket>> decode(LinkFraming framing, const std::string &bytes) {
  return decode_packet(framing,
                       Bytes(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
}

std::string text(Bytes b) { return {reinterpret_cast<const char *>(b.data()), b.size()}; }

TEST(PacketDecoder, ReadsUdpUnderEveryLinkHeader) {
  const std::pair<Link, int> links[] = {
      {Link::ethernet, DLT_EN10MB}, {Link::sll, DLT_LINUX_SLL}, {Link::sll2, 276},
      {Link::null, DLT_NULL},       {Link::loop, DLT_LOOP},     {Link::raw, DLT_RAW}};
  FrameSpec spec;
  spec.source = "10.0.0.1";
  spec.destination = "10.0.0.2";
  spec.payload = "OPTIONS sip:x SIP/2.0\r\n\r\n";
  for (const auto &[link, dlt] : links) {
    const std::optional<LinkFraming> framing = link_framing(dlt);
    ASSERT_TRUE(framing) << dlt;
    const std::string bytes = test::frame(link, spec); // the packet points into it
    auto packet = decode(*framing, bytes);
    ASSERT_TRUE(packet) << dlt << ": " << packet.error().message;
    ASSERT_TRUE(*packet) << dlt;
    EXPECT_EQ((*packet)->source.text(), "10.0.0.1");
    EXPECT_EQ((*packet)->destination.text(), "10.0.0.2");
    EXPECT_EQ((*packet)->source_port, 5061);
    EXPECT_EQ((*packet)->destination_port, 5060);
    EXPECT_EQ((*packet)->protocol, TransportProtocol::udp);
    EXPECT_EQ(text((*packet)->payload), spec.payload);
  }
}

TEST(PacketDecoder, ReadsIpv6AndTcp) {
  FrameSpec spec;
  spec.source = "::1";
  spec.destination = "2001:db8::5";
  spec.tcp = true;
  spec.sequence = 0xfffffff0;
  spec.payload = "BYE";
  const std::string bytes = test::frame(Link::ethernet, spec); // the packet points into it
  auto packet = decode(LinkFraming::ethernet, bytes);
  ASSERT_TRUE(packet && *packet);
  EXPECT_EQ((*packet)->source.text(), "::1");
  EXPECT_EQ((*packet)->destination.text(), "2001:db8::5");
  EXPECT_EQ((*packet)->protocol, TransportProtocol::tcp);
  EXPECT_EQ((*packet)->tcp_sequence, 0xfffffff0);
  EXPECT_FALSE((*packet)->tcp_syn);
  EXPECT_EQ(text((*packet)->payload), "BYE");
}

TEST(PacketDecoder, TcpPayloadStopsAtTheIpLengthNotTheEthernetPadding) {
  FrameSpec spec;
  spec.tcp = true;
  spec.payload = "ab";
  const std::string padded = test::frame(Link::ethernet, spec) + std::string(6, '\0');
  auto packet = decode(LinkFraming::ethernet, padded);
  ASSERT_TRUE(packet && *packet);
  EXPECT_EQ(text((*packet)->payload), "ab");
}

TEST(PacketDecoder, SkipsWhatIsNotUdpOrTcpOverIp) {
  std::string arp(12, '\0');
  arp += std::string("\x08\x06", 2) + std::string(28, '\0');
  auto packet = decode(LinkFraming::ethernet, arp);
  ASSERT_TRUE(packet);
  EXPECT_FALSE(*packet);
  std::string null_frame = test::frame(Link::null, FrameSpec{});
  null_frame[0] = 7; // neither AF_INET nor AF_INET6
  packet = decode(LinkFraming::bsd_loopback, null_frame);
  ASSERT_TRUE(packet);
  EXPECT_FALSE(*packet);
}

TEST(PacketDecoder, NamesTheHeaderThatRunsPastTheCapture) {
  const std::string whole = test::frame(Link::ethernet, FrameSpec{});
  auto packet = decode(LinkFraming::ethernet, whole.substr(0, 30));
  ASSERT_FALSE(packet);
  EXPECT_EQ(packet.error().message, "its IPv4 header runs past its 30 captured bytes");
  packet = decode(LinkFraming::bsd_loopback, std::string("\x02\x00", 2));
  ASSERT_FALSE(packet);
  EXPECT_EQ(packet.error().message, "its loopback header runs past its 2 captured bytes");
  FrameSpec tcp;
  tcp.tcp = true;
  std::string bad_offset = test::frame(Link::raw, tcp);
  bad_offset[20 + 12] = 0x10; // a 4-byte TCP header
  packet = decode(LinkFraming::raw_ip, bad_offset);
  ASSERT_FALSE(packet);
  EXPECT_EQ(packet.error().message, "its TCP data offset 4 is below 20 bytes");
}

TEST(PacketDecoder, RefusesLinkTypesItDoesNotRead) {
  EXPECT_FALSE(link_framing(105)); // 802.11
  EXPECT_FALSE(link_framing(9999));
}

} // namespace
} // namespace gossipper::runtime::capture
