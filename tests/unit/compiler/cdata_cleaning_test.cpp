// SIPp's CDATA clean-up, byte for byte (scenario.cpp clean_cdata and the
// SendingMessage constructor in SIPp 3.6.1 were read for these rules).
#include "gossipper/compiler/cdata_cleaning.hpp"

#include <gtest/gtest.h>

namespace gossipper::compiler {
namespace {

struct Case {
  const char *name;
  std::string raw;
  CdataUse use;
  std::string expected;
};

std::optional<MappedText> clean(const std::string &raw, CdataUse use, bool latin1 = false) {
  SourceBuffer src("t.xml", raw);
  ir::DiagnosticEngine d("t.xml");
  return clean_cdata(src, 0, raw.size(), latin1, use, 0, d);
}

class CdataCleaning : public ::testing::TestWithParam<Case> {};

TEST_P(CdataCleaning, MatchesSipp) {
  const Case &c = GetParam();
  auto out = clean(c.raw, c.use);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->text, c.expected);
  EXPECT_EQ(out->origin.size(), out->text.size());
}

INSTANTIATE_TEST_SUITE_P(
    Table, CdataCleaning,
    ::testing::Values(
        Case{"indented_headers", "\n\n      INVITE x SIP/2.0\n      Via: y\n\n    ", CdataUse::Send,
             "INVITE x SIP/2.0\nVia: y\n\n"},
        Case{"headers_get_blank_line", "\n  BYE x SIP/2.0\n  Via: y\n  ", CdataUse::Send,
             "BYE x SIP/2.0\nVia: y\n\n"},
        Case{"body_keeps_one_newline", "\n  A x SIP/2.0\n  L: 3\n\n  v=0\n\n  ", CdataUse::Send,
             "A x SIP/2.0\nL: 3\n\nv=0\n"},
        Case{"body_without_trailing_newline", "A x SIP/2.0\nL: 3\n\nv=0", CdataUse::Send,
             "A x SIP/2.0\nL: 3\n\nv=0"},
        Case{"command_body_no_newline", "\n  Call-ID: 1\n  [$1]\n\n  x\n\n ", CdataUse::Command,
             "Call-ID: 1\n[$1]\n\nx"},
        Case{"crlf_normalised", "\r\n  A x SIP/2.0\r\n  Via: y\r\n", CdataUse::Send,
             "A x SIP/2.0\nVia: y\n\n"},
        Case{"lone_cr_normalised", "A x SIP/2.0\rVia: y", CdataUse::Send, "A x SIP/2.0\nVia: y\n\n"},
        // SIPp's four passes run once each: spaces after a newline, spaces
        // before, tabs after, tabs before. A space behind a tab survives.
        Case{"space_tab_space_indent", "A x SIP/2.0\n \t y: 1", CdataUse::Send,
             "A x SIP/2.0\n y: 1\n\n"},
        Case{"tab_then_space_trailing", "A x SIP/2.0 \t\nb: 1", CdataUse::Send,
             "A x SIP/2.0 \nb: 1\n\n"},
        Case{"tab_indent", "\tA x SIP/2.0\n\t\tVia: y", CdataUse::Send, "A x SIP/2.0\nVia: y\n\n"},
        Case{"inner_blank_lines_kept", "A x SIP/2.0\n\n\nbody", CdataUse::Send,
             "A x SIP/2.0\n\n\nbody"}),
    [](const ::testing::TestParamInfo<Case> &i) { return std::string(i.param.name); });

TEST(CdataCleaning, EmptyMessageIsAnError) {
  SourceBuffer src("t.xml", "  \n\t \n ");
  ir::DiagnosticEngine d("t.xml");
  EXPECT_FALSE(clean_cdata(src, 0, src.bytes().size(), false, CdataUse::Send, 0, d));
  ASSERT_EQ(d.diagnostics().size(), 1U);
  EXPECT_EQ(ir::format_diagnostic(d.diagnostics()[0]), "t.xml:1:1: error: the message is empty");
}

TEST(CdataCleaning, Latin1BecomesUtf8) {
  auto out = clean("A x SIP/2.0\nSubject: caf\xE9", CdataUse::Send, true);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->text, "A x SIP/2.0\nSubject: caf\xC3\xA9\n\n");
}

TEST(CdataCleaning, EveryByteKnowsItsOrigin) {
  std::string raw = "\n    INVITE x SIP/2.0\n    Via: [branch]\n";
  SourceBuffer src("t.xml", raw);
  ir::DiagnosticEngine d("t.xml");
  auto out = clean_cdata(src, 0, raw.size(), false, CdataUse::Send, 0, d);
  ASSERT_TRUE(out);
  size_t kw = out->text.find('[');
  ASSERT_NE(kw, std::string::npos);
  EXPECT_EQ(src.loc(out->origin_at(kw)), (ir::SourceLoc{3, 10}));
  EXPECT_EQ(src.loc(out->origin_at(0)), (ir::SourceLoc{2, 5}));
}

} // namespace
} // namespace gossipper::compiler
