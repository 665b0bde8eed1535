// The XML stage: positions, CDATA ranges, and hostile input stopped early.
#include "gossipper/compiler/xml_document.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gossipper::compiler {
namespace {

struct Result {
  std::optional<XmlDocument> doc;
  std::vector<std::string> diags;
};

Result parse(const std::string &xml) {
  SourceBuffer src("t.xml", xml);
  ir::DiagnosticEngine d("t.xml");
  Result r;
  r.doc = parse_xml(src, d);
  for (const auto &diag : d.sorted()) {
    r.diags.push_back(ir::format_diagnostic(diag));
  }
  return r;
}

TEST(XmlDocument, AttributeAndCdataPositions) {
  std::string xml =
      "<scenario name=\"x\">\n  <send retrans = '500'><![CDATA[AB]]></send>\n</scenario>";
  SourceBuffer src("t.xml", xml);
  ir::DiagnosticEngine d("t.xml");
  auto doc = parse_xml(src, d);
  ASSERT_TRUE(doc);
  const XmlElement &send = doc->root.children.at(0);
  EXPECT_EQ(src.loc(send.offset), (ir::SourceLoc{2, 3}));
  const XmlAttribute &a = send.attributes.at(0);
  EXPECT_EQ(a.value, "500");
  EXPECT_EQ(src.loc(a.name_offset), (ir::SourceLoc{2, 9}));
  EXPECT_EQ(src.loc(a.value_offset), (ir::SourceLoc{2, 20}));
  const XmlText &t = send.texts.at(0);
  EXPECT_TRUE(t.cdata);
  EXPECT_EQ(xml.substr(t.begin, t.end - t.begin), "AB");
}

TEST(XmlDocument, EntitiesAreDecodedInAttributes) {
  auto r = parse("<scenario name=\"a&lt;b&amp;c&#65;\"/>");
  ASSERT_TRUE(r.doc);
  EXPECT_EQ(r.doc->root.attributes.at(0).value, "a<b&cA");
}

TEST(XmlDocument, Latin1DeclarationIsNoted) {
  auto r = parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><scenario name=\"caf\xE9\"/>");
  ASSERT_TRUE(r.doc);
  EXPECT_TRUE(r.doc->latin1);
  EXPECT_EQ(r.doc->root.attributes.at(0).value, "caf\xC3\xA9");
}

TEST(XmlDocument, DeepNestingStops) {
  std::string xml = "<scenario>";
  for (int i = 0; i < 10000; ++i) {
    xml += "<a>";
  }
  auto r = parse(xml);
  EXPECT_FALSE(r.doc);
  ASSERT_EQ(r.diags.size(), 1U);
  EXPECT_EQ(r.diags[0], "t.xml:1:200: error: elements are nested more than 64 deep; a "
                        "scenario needs five");
}

TEST(XmlDocument, EntityDeclarationsAreRefused) {
  auto r = parse("<!DOCTYPE s [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><scenario "
                 "name=\"&b;\"/>");
  EXPECT_FALSE(r.doc);
  ASSERT_EQ(r.diags.size(), 1U);
  EXPECT_NE(r.diags[0].find("entity declaration 'a'"), std::string::npos);
}

TEST(XmlDocument, UnknownEntityWithExternalDtdIsAnError) {
  auto r = parse("<!DOCTYPE scenario SYSTEM \"sipp.dtd\"><scenario name=\"&nbsp;\"/>");
  EXPECT_FALSE(r.doc);
  ASSERT_EQ(r.diags.size(), 1U);
  EXPECT_NE(r.diags[0].find("unknown entity '&nbsp;'"), std::string::npos);
}

TEST(XmlDocument, UnclosedCdataPointsAtItsStart) {
  auto r = parse("<scenario>\n<send>\n  <![CDATA[\nINVITE");
  EXPECT_FALSE(r.doc);
  ASSERT_EQ(r.diags.size(), 1U);
  EXPECT_EQ(r.diags[0], "t.xml:3:3: error: <![CDATA[ section is never closed with ]]>");
}

TEST(XmlDocument, ForeignEncodingsAreRefused) {
  EXPECT_EQ(parse("<?xml version='1.0' encoding='EUC-JP'?><scenario/>").diags.at(0),
            "t.xml:1:1: error: unsupported encoding 'EUC-JP'; scenario files must be UTF-8, "
            "US-ASCII or ISO-8859-1");
  EXPECT_EQ(parse(std::string("\xFE\xFF\0<", 4)).diags.at(0),
            "t.xml:1:1: error: the scenario is UTF-16; scenario files must be UTF-8, US-ASCII or "
            "ISO-8859-1");
}

TEST(XmlDocument, BinaryGarbageIsAnErrorNotACrash) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) {
    junk.push_back(static_cast<char>((i * 7919) & 0xFF));
  }
  auto r = parse(junk);
  EXPECT_FALSE(r.doc);
  EXPECT_EQ(r.diags.size(), 1U);
}

TEST(XmlDocument, HugeFileIsRefusedBeforeReading) {
  std::string path = test::temp_path("xml_document_test_huge") + ".xml";
  { std::ofstream f(path); }
  std::filesystem::resize_file(path, 200U << 20); // sparse: nothing is written
  ir::DiagnosticEngine d(path);
  auto src = SourceBuffer::read_file(path, d);
  std::filesystem::remove(path);
  EXPECT_FALSE(src);
  ASSERT_EQ(d.diagnostics().size(), 1U);
  EXPECT_EQ(d.diagnostics()[0].message,
            "the scenario is 209715200 bytes; scenarios are limited to 16 MiB");
}

TEST(XmlDocument, MissingFileIsAnError) {
  ir::DiagnosticEngine d("nope.xml");
  EXPECT_FALSE(SourceBuffer::read_file("/nonexistent/nope.xml", d));
  EXPECT_EQ(ir::format_diagnostic(d.diagnostics().at(0)),
            "nope.xml: error: cannot read the scenario: No such file or directory");
}

} // namespace
} // namespace gossipper::compiler

namespace gossipper::compiler {
namespace {

TEST(XmlDocument, Sipp36BackslashQuoteInAttributes) {
  // SIPp's documentation writes regexp="username=\"([^\"]*)\""; SIPp 3.6 reads
  // the \" as part of the value. Positions stay those of the file.
  std::string xml = "<scenario>\n<x regexp=\"u=\\\"([^\\\"]*)\\\"\" b=\"2\"/></scenario>";
  SourceBuffer src("t.xml", xml);
  ir::DiagnosticEngine d("t.xml");
  auto doc = parse_xml(src, d);
  ASSERT_TRUE(doc);
  const XmlElement &x = doc->root.children.at(0);
  EXPECT_EQ(x.attributes.at(0).value, "u=\\\"([^\\\"]*)\\\"");
  EXPECT_EQ(src.loc(x.attributes.at(1).name_offset), (ir::SourceLoc{2, 28}));
  ASSERT_EQ(d.diagnostics().size(), 1U);
  EXPECT_EQ(ir::format_diagnostic(d.diagnostics()[0]),
            "t.xml:2:14: warning: \\\" inside an attribute value is SIPp 3.6 syntax; newer SIPp "
            "refuses it: write &quot;");
}

} // namespace
} // namespace gossipper::compiler
