//===- header_lookup_test.cpp - SIPp's get_header, one name or many -------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// [last_Name:] copies a header the way SIPp's get_header finds it. Generated
// code extracts every header a scenario reads in one walk (sipp_get_headers);
// the interpreter asks one name at a time (sipp_get_header). Both must give
// the same bytes on every message, quirks included.
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/header_needs.hpp"
#include "sip/header_lookup.hpp"
#include "call/header_slot_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

const char *const kMessages[] = {
    // Ordinary INVITE.
    "INVITE sip:bob@b SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nFrom: <sip:a@a>;tag=1\r\n"
    "To: <sip:bob@b>\r\nCall-ID: x@a\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
    // Two Vias, a Via in the body that must not count.
    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP p;branch=z9hG4bK2\r\nvia:   SIP/2.0/UDP "
    "a;branch=z9hG4bK1\r\n"
    "From: <sip:a@a>;tag=1\r\nTo: <sip:bob@b>;tag=9\r\nCall-ID: x@a\r\nCSeq: 1 INVITE\r\n"
    "Content-Length: 9\r\n\r\nVia: body",
    // Compact forms only, and a long name that is a prefix of no other.
    "BYE sip:a@a SIP/2.0\r\nv: SIP/2.0/UDP b;branch=z9hG4bK3\r\nf: <sip:bob@b>;tag=9\r\n"
    "t: <sip:a@a>;tag=1\r\ni: x@a\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n",
    // Both forms: SIPp takes the long one only.
    "BYE sip:a@a SIP/2.0\r\nv: SIP/2.0/UDP c\r\nVia: SIP/2.0/UDP d\r\nCall-ID: y\r\ni: z\r\n\r\n",
    // A folded header, tabs and trailing blanks.
    "INFO sip:a@a SIP/2.0\r\nSubject: first\r\n  second\r\n\tthird  \r\nTo: <sip:a@a> \t\r\n"
    "Call-ID: w\r\n\r\n",
    // Bare LF line ends, a header with nothing after its colon.
    "OPTIONS sip:a@a SIP/2.0\nVia:\nTo: <sip:a@a>\nCall-ID: q\n\n",
    // No blank line at all, truncated.
    "ACK sip:a@a SIP/2.0\r\nVia: SIP/2.0/UDP e\r\nTo: <sip:a@",
    // A bare CR inside a line, a header named only by a prefix of another.
    "MESSAGE sip:a@a SIP/2.0\r\nX: a\rb \r\nX-Other: c\r\nX: d\r\n\r\n",
    // The start line looks like a header name.
    "To: x SIP/2.0\r\nCall-ID: r\r\n\r\n",
    "",
};

const std::vector<std::string> kNames = {
    "Via:",     "From:",           "To:",      "Call-ID:", "CSeq:",   "Subject:",
    "Contact:", "Content-Length:", "call-id:", "v:",       "X-None:", "X:"};

TEST(HeaderLookup, OneWalkGivesWhatEachLookupGives) {
  for (const char *message : kMessages) {
    HeaderLines lines;
    lines.build(message);
    std::vector<std::string> all;
    sipp_get_headers(message, kNames, all);
    ASSERT_EQ(all.size(), kNames.size());
    for (size_t i = 0; i < kNames.size(); ++i) {
      EXPECT_EQ(all[i], sipp_get_header(message, lines, kNames[i], false))
          << "name " << kNames[i] << " in:\n"
          << message;
    }
  }
}

TEST(HeaderLookup, SippsQuirks) {
  auto get = [](const char *m, const char *name) { return sipp_get_header(m, name, false); };
  EXPECT_EQ(get(kMessages[0], "Via:"), "Via: SIP/2.0/UDP a;branch=z9hG4bK1");
  // Repeated headers are joined; the body is not searched.
  EXPECT_EQ(get(kMessages[1], "Via:"),
            "Via: SIP/2.0/UDP p;branch=z9hG4bK2, SIP/2.0/UDP a;branch=z9hG4bK1");
  // Compact forms when the long one is absent, and only then.
  EXPECT_EQ(get(kMessages[2], "Via:"), "v: SIP/2.0/UDP b;branch=z9hG4bK3");
  EXPECT_EQ(get(kMessages[2], "Content-Length:"), "l: 0");
  EXPECT_EQ(get(kMessages[3], "Via:"), "Via: SIP/2.0/UDP d");
  EXPECT_EQ(get(kMessages[3], "Call-ID:"), "Call-ID: y");
  // Trailing blanks go; the start line is not a header.
  EXPECT_EQ(get(kMessages[4], "To:"), "To: <sip:a@a>");
  EXPECT_EQ(get(kMessages[7], "To:"), "");
  EXPECT_EQ(get(kMessages[0], "X-None:"), "");
  EXPECT_EQ(get("", "Via:"), "");
}

TEST(HeaderNeeds, OneSlotPerHeaderWhateverItsSpelling) {
  ir::HeaderNeeds needs;
  needs.names = {"Via:", "Call-ID:"};
  EXPECT_EQ(needs.slot("Via:"), 0U);
  EXPECT_EQ(needs.slot("via"), 0U);
  EXPECT_EQ(needs.slot("CALL-ID:"), 1U);
  EXPECT_EQ(needs.slot("To:"), ir::kNoHeaderSlot);
  EXPECT_EQ(ir::header_lookup_name("From"), "From:");
  EXPECT_EQ(ir::header_lookup_name("From:"), "From:");
}

TEST(HeaderSlotCache, ExtractsOncePerMessage) {
  HeaderSlotCache cache;
  cache.resize(2);
  int walks = 0;
  auto extract = [&](std::vector<std::string> &v) {
    ++walks;
    v[0] = "a" + std::to_string(walks);
    v[1] = "b" + std::to_string(walks);
  };
  EXPECT_EQ(cache.value(1, 0, extract), "a1");
  EXPECT_EQ(cache.value(1, 1, extract), "b1");
  EXPECT_EQ(walks, 1);
  EXPECT_EQ(cache.value(2, 1, extract), "b2");
  EXPECT_EQ(walks, 2);
}

} // namespace
} // namespace gossipper::runtime
