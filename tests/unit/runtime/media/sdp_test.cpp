//===- sdp_test.cpp - Reading the peer's SDP ------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Offers and answers as phones and SBCs write them, with the fallbacks of
// RFC 4566 (session-level c= and direction) and RFC 3605 (a=rtcp), and the
// SDP found inside a SIP message, multipart bodies included.
//
//===----------------------------------------------------------------------===//
#include "media/sdp.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

const char *const kOffer = "v=0\r\n"
                           "o=- 1 1 IN IP4 192.0.2.1\r\n"
                           "s=-\r\n"
                           "c=IN IP4 192.0.2.1\r\n"
                           "t=0 0\r\n"
                           "m=audio 6000 RTP/AVP 0 8 101\r\n"
                           "a=rtpmap:0 PCMU/8000\r\n"
                           "a=rtpmap:8 PCMA/8000\r\n"
                           "a=rtpmap:101 telephone-event/8000\r\n"
                           "a=fmtp:101 0-15\r\n"
                           "a=ptime:20\r\n";

TEST(Sdp, ReadsAnAudioStream) {
  Expected<Sdp> sdp = read_sdp(kOffer);
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  ASSERT_EQ(sdp->media.size(), 1u);
  const SdpMedia &m = sdp->media[0];
  EXPECT_EQ(m.kind, MediaKind::Audio);
  EXPECT_EQ(m.address, "192.0.2.1");
  EXPECT_FALSE(m.ipv6);
  EXPECT_EQ(m.port, 6000);
  EXPECT_EQ(m.rtcp_port, 6001);
  EXPECT_FALSE(m.rtcp_mux);
  EXPECT_EQ(m.direction, MediaDirection::SendRecv);
  EXPECT_EQ(m.protocol, "RTP/AVP");
  EXPECT_EQ(m.payload_types, (std::vector<uint8_t>{0, 8, 101}));
  ASSERT_EQ(m.rtpmaps.size(), 3u);
  EXPECT_EQ(m.rtpmaps[2].payload_type, 101);
  EXPECT_EQ(m.rtpmaps[2].encoding, "telephone-event");
  EXPECT_EQ(m.rtpmaps[2].clock_rate, 8000u);
  EXPECT_EQ(sdp->first(MediaKind::Audio), &sdp->media[0]);
  EXPECT_EQ(sdp->first(MediaKind::Video), nullptr);
}

TEST(Sdp, BareLineFeeds) {
  std::string lf = kOffer;
  for (size_t at = lf.find("\r\n"); at != std::string::npos; at = lf.find("\r\n", at)) {
    lf.erase(at, 1);
  }
  Expected<Sdp> sdp = read_sdp(lf);
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  EXPECT_EQ(sdp->media[0].rtpmaps[0].encoding, "PCMU");
  EXPECT_EQ(sdp->media[0].address, "192.0.2.1");
}

TEST(Sdp, MediaLevelConnectionWins) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nc=IN IP4 10.0.0.1\r\n"
                               "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.2\r\n"
                               "m=video 4002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  ASSERT_EQ(sdp->media.size(), 2u);
  EXPECT_EQ(sdp->media[0].address, "10.0.0.2");
  EXPECT_EQ(sdp->media[1].address, "10.0.0.1");
  EXPECT_EQ(sdp->first(MediaKind::Video)->rtpmaps[0].clock_rate, 90000u);
}

TEST(Sdp, Ipv6AndMulticastSuffixes) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP6 2001:db8::1\r\n"
                               "m=audio 4010 RTP/AVP 0\r\nc=IN IP4 224.2.1.1/127/3\r\n"
                               "m=video 4020 RTP/AVP 31\r\nc=IN IP6 ff15::101/3\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  EXPECT_EQ(sdp->media[0].address, "2001:db8::1");
  EXPECT_TRUE(sdp->media[0].ipv6);
  EXPECT_EQ(sdp->media[1].address, "224.2.1.1");
  EXPECT_FALSE(sdp->media[1].ipv6);
  EXPECT_EQ(sdp->media[2].address, "ff15::101");
  EXPECT_TRUE(sdp->media[2].ipv6);
}

TEST(Sdp, RtcpPortAndMux) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nc=IN IP4 10.0.0.1\r\n"
                               "m=audio 49170 RTP/AVP 0\r\na=rtcp:53020 IN IP4 10.0.0.9\r\n"
                               "m=audio 49180 RTP/SAVPF 0\r\na=rtcp-mux\r\n"
                               "m=audio 65535 RTP/AVP 0\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  EXPECT_EQ(sdp->media[0].rtcp_port, 53020);
  EXPECT_FALSE(sdp->media[0].rtcp_mux);
  EXPECT_EQ(sdp->media[1].rtcp_port, 49181);
  EXPECT_TRUE(sdp->media[1].rtcp_mux);
  EXPECT_EQ(sdp->media[1].protocol, "RTP/SAVPF");
  EXPECT_EQ(sdp->media[2].rtcp_port, 0) << "no port after 65535";
}

TEST(Sdp, DirectionFallsBackToSessionLevel) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nc=IN IP4 10.0.0.1\r\na=sendonly\r\n"
                               "m=audio 4000 RTP/AVP 0\r\n"
                               "m=audio 4002 RTP/AVP 0\r\na=recvonly\r\n"
                               "m=video 4004 RTP/AVP 96\r\na=inactive\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  EXPECT_EQ(sdp->media[0].direction, MediaDirection::SendOnly);
  EXPECT_EQ(sdp->media[1].direction, MediaDirection::RecvOnly);
  EXPECT_EQ(sdp->media[2].direction, MediaDirection::Inactive);
}

TEST(Sdp, DisabledStreamIsKept) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nm=audio 0 RTP/AVP 0\r\n"
                               "m=video 5000 RTP/AVP 96\r\nc=IN IP4 10.0.0.1\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  ASSERT_EQ(sdp->media.size(), 2u);
  EXPECT_EQ(sdp->media[0].port, 0);
  EXPECT_EQ(sdp->media[0].address, "") << "a disabled stream needs no c=";
  EXPECT_EQ(sdp->first(MediaKind::Audio), nullptr);
  EXPECT_EQ(sdp->first(MediaKind::Video), &sdp->media[1]);
}

TEST(Sdp, PortCountTakesTheFirstPort) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 6000/2 RTP/AVP 0\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  EXPECT_EQ(sdp->media[0].port, 6000);
}

TEST(Sdp, OtherMediaKindsAreSkippedWithTheirAttributes) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nc=IN IP4 10.0.0.1\r\n"
                               "m=audio 4000 RTP/AVP 0\r\n"
                               "m=application 9 UDP/BFCP *\r\na=rtpmap:9 X/1\r\na=sendonly\r\n"
                               "c=IN IP9 garbage\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  ASSERT_EQ(sdp->media.size(), 1u);
  EXPECT_EQ(sdp->media[0].rtpmaps.size(), 0u);
  EXPECT_EQ(sdp->media[0].direction, MediaDirection::SendRecv);
}

TEST(Sdp, T38ImageStream) {
  Expected<Sdp> sdp = read_sdp("v=0\r\nc=IN IP4 10.0.0.1\r\n"
                               "m=image 6002 udptl t38\r\na=T38FaxVersion:0\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  const SdpMedia *image = sdp->first(MediaKind::Image);
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->protocol, "udptl");
  EXPECT_TRUE(image->payload_types.empty());
}

TEST(Sdp, RefusesWhatItCannotUse) {
  const char *const bad[] = {
      "v=0\r\nc=IN IP4 10.0.0.1\r\n",                                             // no m=
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 0 RTP/AVP 0\r\n",                      // only disabled
      "v=0\r\nm=audio 4000 RTP/AVP 0\r\n",                                        // no c=
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=message 4000 TCP/MSRP *\r\n",                // nothing kept
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 70000 RTP/AVP 0\r\n",                  // port
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio -1 RTP/AVP 0\r\n",                     // port
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000/x RTP/AVP 0\r\n",                 // port count
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000\r\n",                             // no protocol
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 128\r\n",                 // payload type
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0 PCMU\r\n",              // payload type
      "v=0\r\nc=IN IP5 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n",                   // address type
      "v=0\r\nc=IN IP4\r\nm=audio 4000 RTP/AVP 0\r\n",                            // no address
      "v=0\r\nc=ATM NSAP x\r\nm=audio 4000 RTP/AVP 0\r\n",                        // network type
      "v=0\r\nc=IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtcp:99999\r\n",          // rtcp port
      "v=0\r\nc=IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtcp:\r\n",               // rtcp port
      "v=0\r\nc=IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n",       // no clock
      "v=0\r\nc=IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 /8000\r\n",      // no name
      "v=0\r\nc=IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:200 X/8000\r\n",   // pt
      "v=0\r\nc=IN IP4 a\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 X/8000/two\r\n", // channels
      "",
  };
  for (const char *text : bad) {
    Expected<Sdp> sdp = read_sdp(text);
    EXPECT_FALSE(sdp.ok()) << text;
  }
}

TEST(Sdp, ToleratesNoiseLines) {
  Expected<Sdp> sdp = read_sdp("\r\nv=0\r\ngarbage\r\nx\r\n=\r\nc=IN IP4 10.0.0.1\r\n"
                               "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000/1\r\n");
  ASSERT_TRUE(sdp.ok()) << sdp.error().message;
  EXPECT_EQ(sdp->media[0].rtpmaps[0].clock_rate, 8000u);
}

// --- sdp_body ---------------------------------------------------------------

std::string invite_with(const std::string &headers, const std::string &body) {
  return "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
         "Call-ID: a@b\r\nCSeq: 1 INVITE\r\n" +
         headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

bool inside(std::string_view whole, std::string_view part) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

TEST(SdpBody, PlainApplicationSdp) {
  std::string message = invite_with("Content-Type: application/sdp\r\n", kOffer);
  std::optional<std::string_view> body = sdp_body(message);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(*body, kOffer);
  EXPECT_TRUE(inside(message, *body));
}

TEST(SdpBody, CompactFormAnyCaseAndParameters) {
  for (const char *header : {"c: application/sdp\r\n", "content-type:APPLICATION/SDP\r\n",
                             "CONTENT-TYPE :  application/sdp ; charset=utf-8\r\n",
                             "Content-Type:\r\n application/sdp\r\n"}) {
    const std::string message = invite_with(header, kOffer); // the body points into it
    std::optional<std::string_view> body = sdp_body(message);
    ASSERT_TRUE(body.has_value()) << header;
    EXPECT_EQ(*body, kOffer) << header;
  }
}

TEST(SdpBody, BareLineFeedsAndKeepAlives) {
  std::string message = "\r\n\r\nSIP/2.0 200 OK\nCall-ID: a\nc: application/sdp\n\nv=0\n";
  std::optional<std::string_view> body = sdp_body(message);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(*body, "v=0\n");
}

TEST(SdpBody, ContentLengthBoundsTheBody) {
  std::string message = invite_with("Content-Type: application/sdp\r\n", "v=0\r\n") + "junk";
  EXPECT_EQ(sdp_body(message), "v=0\r\n");
  // A length past the end leaves what there is.
  std::string shortened =
      "SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\nl: 999\r\n\r\nv=0\r\n";
  EXPECT_EQ(sdp_body(shortened), "v=0\r\n");
}

TEST(SdpBody, NoSdp) {
  EXPECT_FALSE(sdp_body(invite_with("Content-Type: text/plain\r\n", kOffer)).has_value());
  EXPECT_FALSE(sdp_body(invite_with("", kOffer)).has_value());
  EXPECT_FALSE(sdp_body("INVITE sip:a SIP/2.0\r\nContent-Type: application/sdp\r\n").has_value());
  EXPECT_FALSE(sdp_body("").has_value());
  EXPECT_FALSE(sdp_body("\r\n\r\n").has_value());
}

// SIPp issue #862: an INVITE carrying SDP and a PIDF location document.
const char *const kMixed = "--boundary1\r\n"
                           "Content-Type: application/pidf+xml\r\n"
                           "Content-ID: <loc@example.com>\r\n"
                           "\r\n"
                           "<?xml version=\"1.0\"?><presence/>\r\n"
                           "--boundary1\r\n"
                           "Content-Type: application/sdp\r\n"
                           "\r\n"
                           "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n"
                           "\r\n"
                           "--boundary1--\r\n";

TEST(SdpBody, MultipartMixedWithPidf) {
  for (const char *type : {"Content-Type: multipart/mixed;boundary=\"boundary1\"\r\n",
                           "Content-Type: multipart/mixed; boundary=boundary1\r\n",
                           "Content-Type: Multipart/Related; type=\"application/sdp\"; "
                           "BOUNDARY=boundary1 ; start=x\r\n"}) {
    std::string message = invite_with(type, kMixed);
    std::optional<std::string_view> body = sdp_body(message);
    ASSERT_TRUE(body.has_value()) << type;
    // The line break before the delimiter is the delimiter's.
    EXPECT_EQ(*body, "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n") << type;
    EXPECT_TRUE(inside(message, *body));
    EXPECT_TRUE(read_sdp(*body).ok());
  }
}

TEST(SdpBody, MultipartWithoutSdp) {
  std::string parts = "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
  EXPECT_FALSE(sdp_body(invite_with("Content-Type: multipart/mixed; boundary=b\r\n", parts)));
  // No boundary parameter, an empty one, or one that never appears.
  EXPECT_FALSE(sdp_body(invite_with("Content-Type: multipart/mixed\r\n", kMixed)));
  EXPECT_FALSE(sdp_body(invite_with("Content-Type: multipart/mixed; boundary=\"\"\r\n", kMixed)));
  EXPECT_FALSE(sdp_body(invite_with("Content-Type: multipart/mixed; boundary=zz\r\n", kMixed)));
  // A delimiter that is only a prefix of a longer line does not count.
  std::string prefixed = "--bb\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--bb--\r\n";
  EXPECT_FALSE(sdp_body(invite_with("Content-Type: multipart/mixed; boundary=b\r\n", prefixed)));
}

TEST(SdpBody, NestedMultipart) {
  std::string inner = "--in\r\nContent-Type: text/plain\r\n\r\nx\r\n"
                      "--in\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--in--\r\n";
  std::string outer = "preamble\r\n--out\r\nContent-Type: multipart/alternative; boundary=in\r\n"
                      "\r\n" +
                      inner + "--out--\r\n";
  const std::string message = invite_with("Content-Type: multipart/mixed; boundary=out\r\n",
                                          outer); // the body points into it
  std::optional<std::string_view> body = sdp_body(message);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(*body, "v=0");
}

} // namespace
} // namespace gossipper::runtime::media
