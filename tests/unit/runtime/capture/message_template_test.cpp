//===- message_template_test.cpp - Captured messages as templates ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/message_template.hpp"

#include "capture_frames.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>

namespace gossipper::runtime::capture {
namespace {

Endpoint endpoint(const char *ip, uint16_t port) {
  Endpoint e;
  e.address.version = std::string_view(ip).find(':') != std::string_view::npos ? 6 : 4;
  inet_pton(e.address.version == 4 ? AF_INET : AF_INET6, ip, e.address.bytes.data());
  e.port = port;
  return e;
}

/// The sample call's SDP headers and body, as either side's template.
const std::string kSdpTemplate = "Content-Type: application/sdp\n"
                                 "Content-Length: [len]\n"
                                 "\n"
                                 "v=0\n"
                                 "o=- 1 1 IN IP[media_ip_type] [media_ip]\n"
                                 "s=-\n"
                                 "c=IN IP[media_ip_type] [media_ip]\n"
                                 "t=0 0\n"
                                 "m=audio [media_port] RTP/AVP 0\n";

SideValues caller() {
  SideValues v;
  v.local = endpoint("127.0.0.1", 5061);
  v.remote = endpoint("127.0.0.1", 5060);
  v.call_id = "c1@x";
  v.local_tags = {"a1"};
  v.remote_tags = {"b2", "p3"};
  v.tag_keyword = "[pid]SIPpTag00[call_number]";
  v.media_port = 6000;
  return v;
}

TEST(MessageTemplate, ARequestsDialogValuesBecomeKeywords) {
  TemplateNeeds needs;
  const std::string invite = request_template(
      test::sample_message("INVITE sip:bob@127.0.0.1:5060 SIP/2.0", "1 INVITE", true, false, true),
      caller(), needs);
  EXPECT_EQ(invite, "INVITE sip:bob@[remote_ip]:[remote_port] SIP/2.0\n"
                    "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                    "From: <sip:alice@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n"
                    "To: <sip:bob@[remote_ip]:[remote_port]>\n"
                    "Call-ID: [call_id]\n"
                    "CSeq: [cseq] INVITE\n"
                    "Contact: <sip:alice@[local_ip]:[local_port]>\n" +
                        kSdpTemplate);
  EXPECT_FALSE(needs.authentication);
  const std::string bye = request_template(
      test::sample_message("BYE sip:bob@127.0.0.1:5060 SIP/2.0", "2 BYE", true, true, false),
      caller(), needs);
  EXPECT_NE(bye.find("To: <sip:bob@[remote_ip]:[remote_port]>[peer_tag_param]\n"),
            std::string::npos)
      << bye;
}

TEST(MessageTemplate, CredentialsAndRoutesBecomeTheirKeywords) {
  TemplateNeeds needs;
  const std::string text = "INVITE sip:bob@10.1.1.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;"
                           "rport;branch=z9hG4bK1\r\nRoute: <sip:p1;lr>\r\nRoute: <sip:p2;lr>\r\n"
                           "Proxy-Authorization: Digest username=\"u\", nonce=\"n\"\r\n"
                           "Call-ID: c1@x\r\nCSeq: 2 INVITE\r\nContent-Length: 0\r\n\r\n";
  const std::string out = request_template(text, caller(), needs);
  EXPECT_EQ(out, "INVITE sip:bob@10.1.1.1 SIP/2.0\n"
                 "Via: SIP/2.0/[transport] [local_ip]:[local_port];rport;branch=[branch]\n"
                 "[routes]\n"
                 "[authentication]\n"
                 "Call-ID: [call_id]\n"
                 "CSeq: [cseq] INVITE\n"
                 "Content-Length: [len]\n\n");
  EXPECT_TRUE(needs.authentication);
  EXPECT_TRUE(needs.routes);
}

TEST(MessageTemplate, AResponseCopiesWhatItAnswers) {
  SideValues callee = caller();
  std::swap(callee.local, callee.remote);
  callee.tag_keyword = "[pid]SIPpTag01[call_number]";
  callee.media_port = 7000;
  const std::string ok = response_template(
      test::sample_message("SIP/2.0 200 OK", "1 INVITE", false, true, true), callee, true);
  EXPECT_EQ(ok, "SIP/2.0 200 OK\n"
                "[last_Via:]\n"
                "[last_From:]\n"
                "[last_To:];tag=[pid]SIPpTag01[call_number]\n"
                "[last_Call-ID:]\n"
                "CSeq: [last_cseq_number] INVITE\n"
                "Contact: <sip:bob@[local_ip]:[local_port]>\n" +
                    kSdpTemplate);
}

TEST(MessageTemplate, AddressesAreReplacedWholeOnly) {
  SideValues v = caller();
  v.local = endpoint("10.0.0.1", 5060);
  v.remote = endpoint("10.0.0.12", 5070);
  EXPECT_EQ(with_address_keywords("a 10.0.0.1:5060 b 10.0.0.12 c 10.0.0.1:50601 d 110.0.0.1", v),
            "a [local_ip]:[local_port] b [remote_ip] c [local_ip]:50601 d 110.0.0.1");
  v.local_ports = {5090}; // a TCP client's listening port, in its Via
  EXPECT_EQ(with_address_keywords("Via: SIP/2.0/TCP 10.0.0.1:5090;rport", v),
            "Via: SIP/2.0/TCP [local_ip]:[local_port];rport");
  v.local = endpoint("::1", 5060);
  EXPECT_EQ(with_address_keywords("sip:a@[::1]:5060;x [::1]", v),
            "sip:a@[local_ip]:[local_port];x [local_ip]");
}

TEST(MessageTemplate, LaterMediaLinesKeepTheirDistanceFromTheFirstPort) {
  SideValues v = caller();
  EXPECT_EQ(sdp_template("m=audio 6000 RTP/AVP 0\r\nm=video 6002 RTP/AVP 96\r\n", v),
            "m=audio [media_port] RTP/AVP 0\nm=video [media_port+2] RTP/AVP 96\n");
  v.media_port = 6004;
  EXPECT_EQ(sdp_template("m=audio 6000 RTP/AVP 0\r\n", v), "m=audio [media_port-4] RTP/AVP 0\n");
}

} // namespace
} // namespace gossipper::runtime::capture
