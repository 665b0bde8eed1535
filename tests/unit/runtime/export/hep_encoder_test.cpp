// HEP3 packets byte for byte: the header, every chunk (vendor 0, type,
// length with the chunk's own six bytes, value in network order), the
// optional chunks left out when empty, IPv6 and mixed families, the 64 KiB
// limit.
#include "export/hep_encoder.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime {
namespace {

namespace ip = boost::asio::ip;

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) {
    s.push_back(static_cast<char>(b));
  }
  return s;
}

HepPacket sample() {
  HepPacket p;
  p.source = ip::make_address("10.0.0.1");
  p.destination = ip::make_address("192.168.1.2");
  p.source_port = 5060;
  p.destination_port = 5070;
  p.wall_us = 1700000000ULL * 1000000 + 123456;
  p.capture_id = 2001;
  p.correlation_id = "abc@h";
  p.payload = "SIP";
  return p;
}

TEST(HepEncoder, WritesEveryChunkOfAnIpv4SipPacket) {
  std::string out = "x"; // appended to, not replaced
  ASSERT_TRUE(encode_hep3(sample(), out));
  std::string want = "x" + bytes({'H', 'E', 'P', '3', 0, 113}) +
                     bytes({0, 0, 0, 1, 0, 7, 2}) +                       // family AF_INET
                     bytes({0, 0, 0, 2, 0, 7, 17}) +                      // UDP
                     bytes({0, 0, 0, 3, 0, 10, 10, 0, 0, 1}) +            // source
                     bytes({0, 0, 0, 4, 0, 10, 192, 168, 1, 2}) +         // destination
                     bytes({0, 0, 0, 7, 0, 8, 0x13, 0xc4}) +              // 5060
                     bytes({0, 0, 0, 8, 0, 8, 0x13, 0xce}) +              // 5070
                     bytes({0, 0, 0, 9, 0, 10, 0x65, 0x53, 0xf1, 0x00}) + // 1700000000 s
                     bytes({0, 0, 0, 10, 0, 10, 0, 0x01, 0xe2, 0x40}) +   // 123456 µs
                     bytes({0, 0, 0, 11, 0, 7, 1}) +                      // SIP
                     bytes({0, 0, 0, 12, 0, 10, 0, 0, 0x07, 0xd1}) +      // capture id 2001
                     bytes({0, 0, 0, 17, 0, 11}) + "abc@h" +              // correlation id
                     bytes({0, 0, 0, 15, 0, 9}) + "SIP";                  // payload
  EXPECT_EQ(out, want);
  EXPECT_EQ(out.size() - 1, 113U);
}

TEST(HepEncoder, WritesTheAuthKeyAndNodeNameWhenGivenAndTcp) {
  HepPacket p = sample();
  p.tcp = true;
  p.protocol = HepProtocol::Rtcp;
  p.auth_key = "pw";
  p.node_name = "n1";
  p.correlation_id = {};
  std::string out;
  ASSERT_TRUE(encode_hep3(p, out));
  EXPECT_EQ(out.substr(13, 7), bytes({0, 0, 0, 2, 0, 7, 6}));
  EXPECT_NE(out.find(bytes({0, 0, 0, 11, 0, 7, 5})), std::string::npos);
  EXPECT_NE(out.find(bytes({0, 0, 0, 14, 0, 8}) + "pw"), std::string::npos);
  EXPECT_NE(out.find(bytes({0, 0, 0, 19, 0, 8}) + "n1"), std::string::npos);
  EXPECT_EQ(out.find(bytes({0, 0, 0, 17})), std::string::npos);
  EXPECT_EQ(static_cast<size_t>(static_cast<unsigned char>(out[4]) << 8 |
                                static_cast<unsigned char>(out[5])),
            out.size());
}

TEST(HepEncoder, WritesIpv6AndMapsAnIpv4AddressBesideOne) {
  HepPacket p = sample();
  p.source = ip::make_address("::1");
  std::string out;
  ASSERT_TRUE(encode_hep3(p, out));
  EXPECT_EQ(out.substr(6, 7), bytes({0, 0, 0, 1, 0, 7, 10}));
  std::string src = bytes({0, 0, 0, 5, 0, 22}) + std::string(15, '\0') + bytes({1});
  std::string dst =
      bytes({0, 0, 0, 6, 0, 22}) + std::string(10, '\0') + bytes({0xff, 0xff, 192, 168, 1, 2});
  EXPECT_EQ(out.substr(20, 22), src);
  EXPECT_EQ(out.substr(42, 22), dst);
}

TEST(HepEncoder, RefusesAPacketPast64KiB) {
  std::string big(70000, 'a');
  HepPacket p = sample();
  p.payload = big;
  std::string out = "keep";
  EXPECT_FALSE(encode_hep3(p, out));
  EXPECT_EQ(out, "keep");
}

} // namespace
} // namespace gossipper::runtime
