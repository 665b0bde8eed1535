//===- stun_message_test.cpp - ICE-lite's STUN binding --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 5769's sample request (an ICE check, with its published password)
// is read and its integrity and fingerprint checked; our answer carries
// the sender's address, XORed, and checks out under the same password.
//
//===----------------------------------------------------------------------===//
#include "media/stun_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime::media {
namespace {

// RFC 5769 §2.1: USERNAME "evtj:h6vY", password "VOkJxbRl1RmTxUk/WvJxBt".
const std::string kSampleRequest(
    "\x00\x01\x00\x58\x21\x12\xa4\x42\xb7\xe7\xa7\x01\xbc\x34\xd6\x86\xfa\x87\xdf\xae"
    "\x80\x22\x00\x10STUN test client"
    "\x00\x24\x00\x04\x6e\x00\x01\xff"
    "\x80\x29\x00\x08\x93\x2f\xf9\xb1\x51\x26\x3b\x36"
    "\x00\x06\x00\x09\x65\x76\x74\x6a\x3a\x68\x36\x76\x59\x20\x20\x20"
    "\x00\x08\x00\x14\x9a\xea\xa7\x0c\xbf\xd8\xcb\x56\x78\x1e\xf2\xb5\xb2\xd3\xf2\x49\xc1\xb5"
    "\x71\xa2"
    "\x80\x28\x00\x04\xe5\x7a\x3b\xcf",
    108);
const char *const kPassword = "VOkJxbRl1RmTxUk/WvJxBt";

TEST(StunMessage, ReadsRfc5769sSampleRequest) {
  auto b = read_stun_binding(kSampleRequest);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->username, "evtj:h6vY");
  EXPECT_EQ(b->transaction, kSampleRequest.substr(8, 12));
  EXPECT_FALSE(b->use_candidate);
  EXPECT_TRUE(stun_integrity_ok(kSampleRequest, kPassword));
  EXPECT_FALSE(stun_integrity_ok(kSampleRequest, "another password"));
}

TEST(StunMessage, AChangedByteFailsTheCheck) {
  std::string changed = kSampleRequest;
  changed[30] = 'X'; // inside SOFTWARE, covered by both
  EXPECT_FALSE(stun_integrity_ok(changed, kPassword));
  std::string fingerprint_only = kSampleRequest;
  fingerprint_only[107] = static_cast<char>(fingerprint_only[107] ^ 1);
  EXPECT_FALSE(stun_integrity_ok(fingerprint_only, kPassword));
}

TEST(StunMessage, RefusesWhatIsNotACheck) {
  EXPECT_FALSE(read_stun_binding("").ok());
  EXPECT_FALSE(read_stun_binding(kSampleRequest.substr(0, 19)).ok());
  EXPECT_FALSE(read_stun_binding(kSampleRequest.substr(0, 100)).ok()); // length mismatch
  std::string response = kSampleRequest;
  response[1] = '\x01';
  response[0] = '\x01'; // 0x0101: a response, not a request
  EXPECT_FALSE(read_stun_binding(response).ok());
  std::string overrun = kSampleRequest;
  overrun[22] = '\x7f'; // SOFTWARE claims more than there is
  EXPECT_FALSE(read_stun_binding(overrun).ok());
}

TEST(StunMessage, TheAnswerSaysWhereTheCheckCameFrom) {
  boost::asio::ip::udp::endpoint from(boost::asio::ip::make_address("192.0.2.1"), 32853);
  std::string r = stun_binding_success(kSampleRequest.substr(8, 12), from, kPassword);
  ASSERT_GE(r.size(), 20u + 12 + 24 + 8);
  EXPECT_EQ(r.substr(0, 2), std::string("\x01\x01", 2));
  EXPECT_EQ(static_cast<size_t>((static_cast<uint8_t>(r[2]) << 8) | static_cast<uint8_t>(r[3])),
            r.size() - 20);
  EXPECT_EQ(r.substr(8, 12), kSampleRequest.substr(8, 12));
  // RFC 5769 §2.2's XOR-MAPPED-ADDRESS for 192.0.2.1:32853.
  EXPECT_EQ(r.substr(20, 12), std::string("\x00\x20\x00\x08\x00\x01\xa1\x47\xe1\x12\xa6\x43", 12));
  EXPECT_TRUE(stun_integrity_ok(r, kPassword));
}

TEST(StunMessage, AnIpv6Answer) {
  boost::asio::ip::udp::endpoint from(boost::asio::ip::make_address("::1"), 40000);
  std::string r = stun_binding_success(std::string(12, '\x01'), from, "pw");
  EXPECT_EQ(r.substr(20, 6), std::string("\x00\x20\x00\x14\x00\x02", 6));
  EXPECT_TRUE(stun_integrity_ok(r, "pw"));
}

} // namespace
} // namespace gossipper::runtime::media
