// The template grammar: literal text, keywords, parameters, escapes, and the
// located errors a bad keyword gets.
#include "gossipper/compiler/template_parser.hpp"

#include <gtest/gtest.h>

namespace gossipper::compiler {
namespace {

struct Parsed {
  TemplateAst ast;
  std::vector<std::string> diags;
};

Parsed parse(const std::string &text) {
  SourceBuffer src("t.xml", text);
  MappedText m = attribute_text(text, 0, text.size());
  ir::DiagnosticEngine d("t.xml");
  Parsed p;
  p.ast = parse_template(m, src, d);
  for (const auto &diag : d.sorted()) {
    p.diags.push_back(ir::format_diagnostic(diag));
  }
  return p;
}

TEST(TemplateParser, LiteralAndKeywords) {
  auto p = parse("INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n");
  ASSERT_TRUE(p.ast.complete);
  ASSERT_EQ(p.ast.pieces.size(), 7U);
  EXPECT_EQ(p.ast.pieces[0].literal, "INVITE sip:");
  EXPECT_EQ(p.ast.pieces[1].word, "service");
  EXPECT_EQ(p.ast.pieces[6].literal, " SIP/2.0\r\n"); // newlines become CRLF
}

TEST(TemplateParser, HexEscapesAreBytes) {
  auto p = parse("a\\x5bb\\x5Dc\\x0");
  ASSERT_EQ(p.ast.pieces.size(), 1U);
  EXPECT_EQ(p.ast.pieces[0].literal, std::string("a[b]c\0", 6));
}

TEST(TemplateParser, BadHexEscapeDropsNextCharacterLikeSipp) {
  auto p = parse("a\\xZb");
  ASSERT_EQ(p.ast.pieces.size(), 1U);
  EXPECT_EQ(p.ast.pieces[0].literal, "ab");
  ASSERT_EQ(p.diags.size(), 1U);
  EXPECT_EQ(p.diags[0],
            "t.xml:1:2: warning: '\\x' without hex digits: SIPp drops it and the character after it");
}

TEST(TemplateParser, ParametersQuotedBareAndEmpty) {
  auto p = parse("[field1 file=\"a b.csv\" line=[x] ]");
  // '[' is not a bare value: the error is located on the bracket.
  ASSERT_FALSE(p.ast.complete);
  ASSERT_EQ(p.diags.size(), 1U);
  EXPECT_EQ(p.diags[0], "t.xml:1:29: error: '[' inside the keyword '[field1 file=\"a b.csv\" line=' "
                        "(write \\x5b for a literal '[')");

  auto q = parse("[field1 file=\"a b.csv\" line=\"[$n]\"][fill variable=v text=]");
  ASSERT_TRUE(q.ast.complete) << (q.diags.empty() ? "" : q.diags[0]);
  ASSERT_EQ(q.ast.pieces.size(), 2U);
  const TemplatePiece &f = q.ast.pieces[0];
  EXPECT_EQ(f.word, "field1");
  ASSERT_EQ(f.params.size(), 2U);
  EXPECT_EQ(f.params[0].value.text, "a b.csv");
  EXPECT_TRUE(f.params[1].quoted);
  EXPECT_EQ(f.params[1].value.text, "[$n]");
  const TemplatePiece &fill = q.ast.pieces[1];
  ASSERT_EQ(fill.params.size(), 2U);
  EXPECT_TRUE(fill.params[1].has_value);
  EXPECT_EQ(fill.params[1].value.text, "");
}

TEST(TemplateParser, QuotedValueKeepsEscapedQuote) {
  auto p = parse("[authentication username=\"a\\\"b\" password=p=1]");
  ASSERT_TRUE(p.ast.complete);
  ASSERT_EQ(p.ast.pieces[0].params.size(), 2U);
  EXPECT_EQ(p.ast.pieces[0].params[0].value.text, "a\"b");
  EXPECT_EQ(p.ast.pieces[0].params[1].value.text, "p=1");
}

TEST(TemplateParser, StrayCloseBracketIsText) {
  auto p = parse("a]b");
  ASSERT_TRUE(p.ast.complete);
  EXPECT_EQ(p.ast.pieces[0].literal, "a]b");
}

struct BadCase {
  const char *name;
  std::string text;
  std::string diag;
};

class TemplateErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(TemplateErrors, AreLocated) {
  auto p = parse(GetParam().text);
  EXPECT_FALSE(p.ast.complete);
  ASSERT_FALSE(p.diags.empty());
  EXPECT_EQ(p.diags[0], GetParam().diag);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TemplateErrors,
    ::testing::Values(
        BadCase{"unclosed_at_end", "To: [service", "t.xml:1:5: error: keyword '[service' is not closed "
                                                   "by ']' on its line (write \\x5b for a literal '[')"},
        BadCase{"unclosed_at_newline", "a\nTo: [call_id\nb",
                "t.xml:2:5: error: keyword '[call_id' is not closed by ']' on its line (write \\x5b "
                "for a literal '[')"},
        BadCase{"empty", "x[]y", "t.xml:1:3: error: empty keyword '[]' (write \\x5b for a literal '[')"},
        BadCase{"nested_bracket", "[a [b]]",
                "t.xml:1:4: error: '[' inside the keyword '[a ' (write \\x5b for a literal '[')"},
        BadCase{"unterminated_quote", "[field0 file=\"x]",
                "t.xml:1:14: error: unterminated quoted value in keyword '[field0 file='"}),
    [](const ::testing::TestParamInfo<BadCase> &i) { return std::string(i.param.name); });

TEST(TemplateParser, EveryBadLineIsReported) {
  auto p = parse("A [x\nB [y\nC [ok]\n");
  ASSERT_EQ(p.diags.size(), 2U);
  EXPECT_NE(p.diags[0].find("t.xml:1:3:"), std::string::npos);
  EXPECT_NE(p.diags[1].find("t.xml:2:3:"), std::string::npos);
  // The good line is still there for later stages.
  bool found_ok = false;
  for (const auto &piece : p.ast.pieces) {
    found_ok = found_ok || (piece.is_keyword && piece.word == "ok");
  }
  EXPECT_TRUE(found_ok);
}

} // namespace
} // namespace gossipper::compiler
