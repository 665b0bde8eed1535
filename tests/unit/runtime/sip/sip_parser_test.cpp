// The SIP parser, table-driven, with cases modelled on RFC 4475 ("SIP Torture
// Test Messages"): the valid ones must parse with the right fields, the invalid
// ones must be refused cleanly (a load generator counts them, never crashes).
#include "sip/sip_message.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace gossipper::runtime {
namespace {

struct Case {
  const char *name;
  std::string bytes;
  SipParseError error;
  std::function<void(const SipMessage &)> check;
};

std::string crlf(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

class SipParser : public ::testing::TestWithParam<Case> {};

TEST_P(SipParser, Table) {
  const Case &c = GetParam();
  SipMessage m;
  EXPECT_EQ(parse_sip_message(c.bytes, m), c.error)
      << sip_parse_error_text(parse_sip_message(c.bytes, m));
  if (c.error == SipParseError::None && c.check) {
    c.check(m);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc4475Style, SipParser,
    ::testing::Values(
        // 3.1.1.1-like: a tortuous but valid INVITE: odd case, compact forms,
        // folded lines, extra white space, unknown headers.
        Case{
            "tortuous_invite",
            crlf(
                "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\n"
                "TO :\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\n"
                "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\n  ;\n  tag = "
                "98asjd8\n"
                "MaX-fOrWaRdS: 0068\n"
                "Call-ID: wsinv.ndaksdj@192.0.2.1\n"
                "Content-Length   : 150\n"
                "cseq: 0009\n  INVITE\n"
                "Via  : SIP  /   2.0\n /UDP\n    192.0.2.2;branch=390skdjuw\n"
                "s :\n"
                "NewFangledHeader:   newfangled value\n continued newfangled value\n"
                "UnknownHeaderWithUnusualValue: ;;,,;;,;\n"
                "Content-Type: application/sdp\n"
                "v:  SIP  / 2.0  / TCP     spindle.example.com   ;\n  branch  =   z9hG4bK9ikj8  ,\n"
                " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\n z9hG4bK30239\n"
                "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\n"
                "      newvalue ;\n  secondparam ; q = 0.33\n\n") +
                std::string(150, 'v'),
            SipParseError::None,
            [](const SipMessage &m) {
              EXPECT_TRUE(m.is_request());
              EXPECT_EQ(m.method(), "INVITE");
              EXPECT_EQ(m.call_id(), "wsinv.ndaksdj@192.0.2.1");
              EXPECT_EQ(m.cseq_number(), 9U);
              EXPECT_NE(m.cseq_method().find("INVITE"), std::string_view::npos);
              EXPECT_EQ(m.body().size(), 150U);
              EXPECT_NE(m.find("Contact"), nullptr); // via its compact form m:
              EXPECT_NE(m.find("Subject"), nullptr); // s: with an empty value
              int vias = 0;
              m.for_each("Via", [&](const SipHeader &) { ++vias; });
              EXPECT_EQ(vias, 2);
              EXPECT_EQ(m.to_tag(), "1918181833n");
            }},
        Case{"compact_forms_and_case",
             crlf("SIP/2.0 200 OK\nv: SIP/2.0/UDP 1.2.3.4\ni: abc@x\nf: <sip:a@x>;tag=1\n"
                  "t: <sip:b@x>;TAG=2\nCSEQ: 1 INVITE\nl: 0\n\n"),
             SipParseError::None,
             [](const SipMessage &m) {
               EXPECT_TRUE(m.is_response());
               EXPECT_EQ(m.status(), 200);
               EXPECT_EQ(m.reason(), "OK");
               EXPECT_EQ(m.call_id(), "abc@x");
               EXPECT_EQ(m.from_tag(), "1");
               EXPECT_EQ(m.to_tag(), "2");
               EXPECT_EQ(m.cseq_method(), "INVITE");
             }},
        // 3.1.1.4-like: escaped characters and a NUL in the body are fine.
        Case{"nul_in_body",
             crlf("MESSAGE sip:%75ser@example.com SIP/2.0\nCall-ID: x\nCSeq: 1 MESSAGE\n"
                  "Content-Length: 3\n\n") +
                 std::string("a\0b", 3),
             SipParseError::None,
             [](const SipMessage &m) { EXPECT_EQ(m.body(), std::string_view("a\0b", 3)); }},
        // 3.1.1.13-like: an unknown method is still a request.
        Case{"unknown_method",
             crlf("NEWMETHOD sip:user@example.com SIP/2.0\nCall-ID: u\nCSeq: 2 NEWMETHOD\n"
                  "Content-Length: 0\n\n"),
             SipParseError::None, [](const SipMessage &m) { EXPECT_EQ(m.method(), "NEWMETHOD"); }},
        // 3.1.1.8-like: extra bytes after Content-Length belong to no one.
        Case{"extra_bytes_after_body",
             crlf("REGISTER sip:example.com SIP/2.0\nCall-ID: e\nCSeq: 1 REGISTER\n"
                  "Content-Length: 2\n\n") +
                 "okJUNK",
             SipParseError::None,
             [](const SipMessage &m) {
               EXPECT_EQ(m.body(), "ok");
               EXPECT_FALSE(m.raw().ends_with("JUNK"));
             }},
        Case{"no_reason_phrase", crlf("SIP/2.0 100 \nCall-ID: r\nCSeq: 1 INVITE\n\n"),
             SipParseError::None, [](const SipMessage &m) { EXPECT_EQ(m.status(), 100); }},
        Case{"bare_lf_line_ends", "OPTIONS sip:x SIP/2.0\nCall-ID: lf\nCSeq: 3 OPTIONS\n\n",
             SipParseError::None, [](const SipMessage &m) { EXPECT_EQ(m.call_id(), "lf"); }},
        Case{"leading_crlf_keepalive", "\r\n\r\n" + crlf("OPTIONS sip:x SIP/2.0\nCall-ID: k\n\n"),
             SipParseError::None, [](const SipMessage &m) { EXPECT_EQ(m.method(), "OPTIONS"); }},
        Case{"many_headers",
             [] {
               std::string s = "OPTIONS sip:x SIP/2.0\r\nCall-ID: many\r\n";
               for (int i = 0; i < 200; ++i) {
                 s += "X-H" + std::to_string(i) + ": v\r\n";
               }
               return s + "\r\n";
             }(),
             SipParseError::None,
             [](const SipMessage &m) {
               EXPECT_EQ(m.header_count(), 201U);
               ASSERT_NE(m.find("X-H199"), nullptr);
               EXPECT_EQ(m.find("X-H199")->value, "v");
             }},
        // 3.1.2.x-like invalid messages.
        Case{"content_length_too_large",
             crlf("INVITE sip:x SIP/2.0\nCall-ID: clerr\nCSeq: 1 INVITE\nContent-Length: "
                  "9999\n\nshort"),
             SipParseError::BodyTooShort, nullptr},
        Case{"negative_content_length",
             crlf("INVITE sip:x SIP/2.0\nCall-ID: n\nCSeq: 1 INVITE\nContent-Length: -999\n\n"),
             SipParseError::BadContentLength, nullptr},
        Case{"huge_content_length",
             crlf("INVITE sip:x SIP/2.0\nCall-ID: n\nContent-Length: 18446744073709551616\n\n"),
             SipParseError::BadContentLength, nullptr},
        Case{"truncated_headers", "INVITE sip:x SIP/2.0\r\nCall-ID: t\r\nCSeq: 1 INV",
             SipParseError::NoEndOfHeaders, nullptr},
        Case{"status_code_too_long", crlf("SIP/2.0 4294967301 better not break the receiver\n\n"),
             SipParseError::BadStatusCode, nullptr},
        Case{"status_code_letters", crlf("SIP/2.0 2OO OK\n\n"), SipParseError::BadStatusCode,
             nullptr},
        Case{"missing_request_uri", crlf("INVITE SIP/2.0\nCall-ID: x\n\n"),
             SipParseError::BadStartLine, nullptr},
        Case{"not_sip_version", crlf("INVITE sip:x HTTP/1.1\nCall-ID: x\n\n"),
             SipParseError::BadStartLine, nullptr},
        Case{"header_without_colon", crlf("OPTIONS sip:x SIP/2.0\nCall-ID x\n\n"),
             SipParseError::BadHeader, nullptr},
        Case{"continuation_first", crlf("OPTIONS sip:x SIP/2.0\n folded: x\n\n"),
             SipParseError::BadHeader, nullptr},
        Case{"empty", "\r\n\r\n", SipParseError::Empty, nullptr},
        Case{"binary_garbage", std::string("\x01\xff\x00\x7f garbage", 12),
             SipParseError::BadStartLine, nullptr}),
    [](const ::testing::TestParamInfo<Case> &i) { return std::string(i.param.name); });

TEST(SipParser, HeaderNamesMatchLongAndCompactForms) {
  EXPECT_TRUE(same_header_name("v", "Via:"));
  EXPECT_TRUE(same_header_name("CALL-ID", "i"));
  EXPECT_TRUE(same_header_name("content-length", "l"));
  EXPECT_FALSE(same_header_name("Via", "Route"));
  // The form find() and for_each() prepare once per lookup.
  EXPECT_TRUE(HeaderNameMatch("Via:").matches("v"));
  EXPECT_TRUE(HeaderNameMatch(" i ").matches("CALL-ID"));
  EXPECT_TRUE(HeaderNameMatch("To").matches("t"));
  EXPECT_FALSE(HeaderNameMatch("To").matches("Tx"));
  EXPECT_FALSE(HeaderNameMatch("Via").matches("Vib"));
  EXPECT_FALSE(HeaderNameMatch("").matches("a"));
  SipMessage m;
  ASSERT_EQ(parse_sip_message("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP a\r\nVia: SIP/2.0/UDP b\r\n"
                              "T: <sip:x>;tag=9\r\nContent-Length: 0\r\n\r\n",
                              m),
            SipParseError::None);
  ASSERT_NE(m.find("via"), nullptr);
  EXPECT_EQ(m.find("via")->value, "SIP/2.0/UDP a");
  EXPECT_EQ(m.to_tag(), "9");
  int vias = 0;
  m.for_each("Via:", [&](const SipHeader &) { ++vias; });
  EXPECT_EQ(vias, 2);
}

TEST(SipParser, HeaderParameters) {
  EXPECT_EQ(header_param("<sip:a@x;tag=inuri>;tag=real;x=y", "tag"), "real");
  EXPECT_EQ(header_param("sip:a@x ; TAG = 42 ", "tag"), "42");
  EXPECT_EQ(header_param("<sip:a@x>", "tag"), "");
}

TEST(SipParser, SixtyFiveThousandByteDatagram) {
  std::string m = "MESSAGE sip:x SIP/2.0\r\nCall-ID: big\r\nContent-Length: 65000\r\n\r\n";
  m += std::string(65000, 'b');
  SipMessage msg;
  ASSERT_EQ(parse_sip_message(m, msg), SipParseError::None);
  EXPECT_EQ(msg.body().size(), 65000U);
}

TEST(HeaderValue, OneLineOrItsFoldsJoined) {
  std::string_view head = "INVITE sip:a@b SIP/2.0\r\nc:\r\n multipart/mixed;\r\n\tboundary=x\r\n"
                          "Content-Length:  12 \r\nVia: SIP/2.0/UDP h\r\n";
  EXPECT_EQ(find_header_value(head, "Content-Length"), "12");
  EXPECT_EQ(find_header_value(head, "Content-Type"), "");
  EXPECT_EQ(find_unfolded_header_value(head, "Content-Type"), "multipart/mixed; boundary=x");
  EXPECT_EQ(find_unfolded_header_value(head, "l"), "12");
  EXPECT_EQ(find_unfolded_header_value(head, "Route"), std::nullopt);
}

} // namespace
} // namespace gossipper::runtime
