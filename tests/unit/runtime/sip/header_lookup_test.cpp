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
#include "call/header_slot_cache.hpp"
#include "gossipper/ir/header_needs.hpp"
#include "sip/header_lookup.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
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

/// What a call keeps of `message` for lookups of `names`.
std::string keep(std::string_view message, const std::vector<std::string> &names) {
  HeaderLines lines;
  std::string kept;
  sipp_keep_headers(message, sipp_lookup_spellings(names), lines, kept);
  return kept;
}

/// What a call keeps of a received message (sipp_keep_headers) must read
/// as the whole message does, for every name kept.
void expect_kept_reads_as_whole(const std::string &message, const std::vector<std::string> &names) {
  std::string kept = keep(message, names);
  for (const std::string &name : names) {
    for (bool content : {false, true}) {
      EXPECT_EQ(sipp_get_header(kept, name, content), sipp_get_header(message, name, content))
          << "name " << name << " in:\n"
          << message << "\nkept:\n"
          << kept;
    }
  }
  std::vector<std::string> from_kept;
  std::vector<std::string> from_whole;
  sipp_get_headers(kept, names, from_kept);
  sipp_get_headers(message, names, from_whole);
  EXPECT_EQ(from_kept, from_whole) << message;
  if (std::find(names.begin(), names.end(), "To:") != names.end()) {
    EXPECT_EQ(sipp_last_request_uri(kept), sipp_last_request_uri(message)) << message;
  }
  EXPECT_EQ(keep(kept, names), kept) << "keeping twice changes it: " << message;
}

TEST(HeaderLookup, SpellingsMatchLineStartsIgnoringCase) {
  HeaderSpellings names({"Via:", "v:", "Call-ID:", "CSeq:", "i:", "X_Y:", "["});
  std::string_view text = "VIA: a\ncseq: 1\nCall-Id: x\nI: y\nx_y: z\n{\nCSe";
  auto line = [&](std::string_view start) { return text.find(start); };
  EXPECT_TRUE(names.starts_line(text, 0));
  EXPECT_TRUE(names.starts_line(text, line("cseq")));
  EXPECT_TRUE(names.starts_line(text, line("Call-Id")));
  EXPECT_TRUE(names.starts_line(text, line("I:")));
  EXPECT_TRUE(names.starts_line(text, line("x_y")));
  // '{' folds as '[' does but is another byte, as strncasecmp says.
  EXPECT_FALSE(names.starts_line(text, line("{")));
  EXPECT_FALSE(names.starts_line(text, line("CSe"))); // the text ends first
  EXPECT_FALSE(names.starts_line(text, text.size()));
  EXPECT_FALSE(names.starts_line(text, 1)); // "IA: a"
  EXPECT_EQ(names.names().size(), 7U);
}

TEST(HeaderLookup, WhatACallKeepsOfAMessageReadsAsTheWhole) {
  const std::vector<std::string> engine = {"Via:", "From:", "To:", "CSeq:", "Call-ID:"};
  for (const char *message : kMessages) {
    expect_kept_reads_as_whole(message, engine);
    expect_kept_reads_as_whole(message, kNames);
    for (const std::string &name : kNames) {
      expect_kept_reads_as_whole(message, {name});
    }
  }
}

TEST(HeaderLookup, WhatACallKeepsLeavesTheRestOut) {
  // The body and the headers no lookup reads go (the last header stays).
  EXPECT_EQ(keep(kMessages[1], {"Via:"}),
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP p;branch=z9hG4bK2\r\nvia:   SIP/2.0/UDP "
            "a;branch=z9hG4bK1\r\nContent-Length: 9\r\n\r\n");
  // Compact forms are kept for their long names; folded lines with theirs.
  EXPECT_EQ(keep(kMessages[2], {"To:"}),
            "BYE sip:a@a SIP/2.0\r\nt: <sip:a@a>;tag=1\r\nl: 0\r\n\r\n");
  EXPECT_EQ(keep(kMessages[4], {"Subject:"}),
            "INFO sip:a@a SIP/2.0\r\nSubject: first\r\n  second\r\n\tthird  \r\n"
            "Call-ID: w\r\n\r\n");
  // No CRLFCRLF: SIPp searches it all, so all of it is kept.
  EXPECT_EQ(keep(kMessages[5], {"To:"}), kMessages[5]);
  EXPECT_EQ(keep(kMessages[6], {"To:"}), kMessages[6]);
}

TEST(HeaderLookup, WhatACallKeepsReadsAsTheWholeOnMixedMessages) {
  // Messages put together at random from awkward lines: repeated, compact,
  // folded, bare LF and CR, empty values, a body that looks like headers.
  const char *const lines[] = {"Via: SIP/2.0/UDP a;branch=z9hG4bK1\r\n",
                               "v: SIP/2.0/UDP b\r\n",
                               "VIA:x\r\n",
                               "From: <sip:a@a>;tag=1\r\n",
                               "f: <sip:f@f>\r\n",
                               "To: <sip:b@b>\r\n",
                               "t:\r\n",
                               "To: \t <sip:c@c> ;tag=2 \r\n",
                               "Call-ID: x@a\r\n",
                               "i: y\r\n",
                               "CSeq: 7 INVITE\r\n",
                               " folded\r\n",
                               "\tfolded by a tab\r\n",
                               "Contact: <sip:m@m>\r\n",
                               "X: 1\n",
                               "X-Y: 2\r\n",
                               "Subject: s\rt\r\n",
                               "Content-Length: 5\r\n",
                               "Via:\r\n",
                               "To: <sip:d@d>\n"};
  const std::vector<std::string> engine = {"Via:", "From:", "To:", "CSeq:", "Call-ID:"};
  std::mt19937 random(7);
  for (int n = 0; n < 3000; ++n) {
    std::string message = n % 2 == 0 ? "INVITE sip:a@a SIP/2.0\r\n" : "SIP/2.0 200 OK\r\n";
    size_t count = random() % 9;
    for (size_t i = 0; i < count; ++i) {
      message += lines[random() % std::size(lines)];
    }
    if (random() % 8 != 0) {
      message += "\r\nVia: body\r\nTo: <sip:body@b>\r\n";
    }
    expect_kept_reads_as_whole(message, engine);
    expect_kept_reads_as_whole(message, {"X:", "Subject:"});
    if (HasFailure()) {
      return;
    }
  }
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
