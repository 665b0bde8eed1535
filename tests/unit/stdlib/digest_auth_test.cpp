//===- digest_auth_test.cpp - [authentication] and verifyauth -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The expected credentials are what SIPp 3.7 writes for the same challenge
// (its own unit tests' vectors); the rest checks that what we write verifies,
// and that a wrong password does not.
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/digest_auth.hpp"

#include <gtest/gtest.h>

namespace gossipper::stdlib {
namespace {

/// A request answering `challenge` (which the request points at).
DigestRequest request(std::string_view user, std::string_view password, std::string_view method,
                      std::string_view uri, std::string_view challenge) {
  DigestRequest r;
  r.user = user;
  r.password = password;
  r.method = method;
  r.uri = uri;
  r.challenge = challenge;
  return r;
}

TEST(DigestAuth, ParametersAsSippFindsThem) {
  const char *h =
      " Authorization: Digest cnonce=\"c7e1249f\",nonce=\"a6ca2bf13de1433183f7c48781bd9304\"";
  EXPECT_EQ(digest_parameter(h, "nonce"), "a6ca2bf13de1433183f7c48781bd9304");
  EXPECT_EQ(digest_parameter(h, "cnonce"), "c7e1249f");
  EXPECT_EQ(digest_parameter("Digest nonce=\"x\"", "cnonce"), "");
  EXPECT_EQ(digest_parameter("Digest realm=a, qop=auth,stale=false", "qop"), "auth");
  // "realmx=" is not realm: SIPp goes on looking.
  EXPECT_EQ(digest_parameter("Digest realmx=1, realm=\"r\"", "realm"), "r");
  EXPECT_EQ(digest_parameter("Digest realm=\"unterminated", "realm"), "unterminated");
}

TEST(DigestAuth, Md5AsSipp) {
  DigestRequest r = request("testuser", "secret", "REGISTER", "sip:sip:example.com",
                            "Digest \r\n realm=\"testrealm@host.com\",\r\n "
                            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"\r\n,"
                            " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  r.body = "hello world";
  DigestResult d = digest_credentials(r);
  ASSERT_TRUE(d.ok) << d.text;
  EXPECT_EQ(
      d.text,
      "Digest username=\"testuser\",realm=\"testrealm@host.com\",uri=\"sip:sip:example.com\","
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",response=\"db94e01e92f2b09a52a234eeca8b90f7\","
      "algorithm=MD5,opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  EXPECT_TRUE(digest_verify("testuser", "secret", "REGISTER", d.text, "hello world"));
  EXPECT_FALSE(digest_verify("testuser", "wrong", "REGISTER", d.text, "hello world"));
  EXPECT_FALSE(digest_verify("testuser", "secret", "INVITE", d.text, "hello world"));
}

TEST(DigestAuth, Sha256AsSipp) {
  DigestRequest r = request("testuser", "secret", "REGISTER", "sip:sip:example.com",
                            "Digest \r\n realm=\"testrealm@host.com\",\r\n "
                            "nonce=\"ZaGxV2WhsCtREI2EsiD1LR0RYd\"\r\n, algorithm=SHA-256");
  DigestResult d = digest_credentials(r);
  ASSERT_TRUE(d.ok) << d.text;
  EXPECT_EQ(d.text,
            "Digest username=\"testuser\",realm=\"testrealm@host.com\",uri=\"sip:sip:example.com\","
            "nonce=\"ZaGxV2WhsCtREI2EsiD1LR0RYd\",response="
            "\"91b58523b983191b52d14455a2599631990110c974ed2e4b4b49bc6053af04ce\","
            "algorithm=SHA-256");
  EXPECT_TRUE(digest_verify("testuser", "secret", "REGISTER", d.text, ""));
}

TEST(DigestAuth, QopAuthIntHashesTheBody) {
  DigestRequest r = request("u", "p", "INVITE", "sip:127.0.0.1:5060",
                            "Digest realm=\"r\",\tqop=\"auth,auth-int\", nonce=\"n\"");
  r.body = "v=0\r\n";
  r.cnonce = "1a2b";
  r.nonce_count = 3;
  DigestResult d = digest_credentials(r);
  ASSERT_TRUE(d.ok) << d.text;
  EXPECT_NE(d.text.find(",cnonce=\"1a2b\",nc=00000003,qop=auth-int,"), std::string::npos) << d.text;
  EXPECT_TRUE(digest_verify("u", "p", "INVITE", d.text, "v=0\r\n"));
  EXPECT_FALSE(digest_verify("u", "p", "INVITE", d.text, "v=1\r\n"));
}

TEST(DigestAuth, BeyondSipp) {
  for (const char *algo : {"SHA-512-256", "MD5-sess", "SHA-256-sess"}) {
    std::string challenge =
        std::string("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=") + algo;
    DigestRequest r = request("u", "p", "REGISTER", "sip:127.0.0.1", challenge);
    r.cnonce = "abc";
    DigestResult d = digest_credentials(r);
    ASSERT_TRUE(d.ok) << d.text;
    EXPECT_NE(d.text.find(std::string("algorithm=") + algo), std::string::npos);
    EXPECT_TRUE(digest_verify("u", "p", "REGISTER", d.text, "")) << algo;
    EXPECT_FALSE(digest_verify("u", "x", "REGISTER", d.text, "")) << algo;
  }
  // RFC 7616's SHA-512-256 length: 64 hex digits.
  std::string text =
      digest_credentials(request("u", "p", "REGISTER", "sip:x",
                                 "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"))
          .text;
  size_t at = text.find("response=\"") + 10;
  EXPECT_EQ(text.find('"', at) - at, 64U);
}

TEST(DigestAuth, SessionWithoutQopAsRfc2617) {
  // HA1 = MD5(MD5(u:r:p):n:abc), response = MD5(HA1:n:MD5(REGISTER:sip:x)),
  // computed apart with Python's hashlib.
  DigestRequest r =
      request("u", "p", "REGISTER", "sip:x", "Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess");
  r.cnonce = "abc";
  DigestResult d = digest_credentials(r);
  ASSERT_TRUE(d.ok) << d.text;
  EXPECT_EQ(d.text, "Digest username=\"u\",realm=\"r\",cnonce=\"abc\",uri=\"sip:x\",nonce=\"n\","
                    "response=\"bdfe486107c1b3fccee620a882224b6d\",algorithm=MD5-sess");
  EXPECT_TRUE(digest_verify("u", "p", "REGISTER", d.text, ""));
}

TEST(DigestAuth, RefusesWhatItCannotAnswer) {
  DigestRequest r;
  r.challenge = "Basic realm=\"r\"";
  EXPECT_FALSE(digest_credentials(r).ok);
  r.challenge = "Digest nonce=\"n\"";
  EXPECT_EQ(digest_credentials(r).text.rfind("couldn't parse realm", 0), 0U);
  r.challenge = "Digest realm=\"r\"";
  EXPECT_EQ(digest_credentials(r).text, "couldn't parse nonce");
  r.challenge = "Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5"; // no RAND/AUTN in it
  EXPECT_EQ(digest_credentials(r).text, "AKAv1-MD5 nonce is too short: 0 bytes < 32");
  r.challenge = "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1";
  EXPECT_FALSE(digest_credentials(r).ok);
  EXPECT_FALSE(digest_verify("u", "p", "REGISTER", "Basic abc", ""));
}

} // namespace
} // namespace gossipper::stdlib
