// The keywords the built-in scenarios leave out, as a call renders them
// (keywords.cpp, renderer.cpp): offsets, what the last received message and
// the route set give, the run's users and circuits, [dynamic_id], [fill],
// [file], [fieldN line=] and the -key keywords.
#include "probe_call.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

namespace gossipper::runtime {
namespace {

using test::after_answer;
using test::after_nop;
using test::ProbeCall;

/// A scenario sending only the probe message, with the lines `shown`.
std::string probe_only(const std::string &shown) { return test::scenario(test::probe_send(shown)); }

TEST(Keywords, CseqAndBranchTakeOffsets) {
  ProbeCall c(
      after_answer("", "  X-Cseq: [cseq] [cseq+2] [cseq-1]\n  X-Branch: [branch] [branch-2]"));
  c.run();
  // The MESSAGE is the call's second request, element 2; [branch-2] is the
  // OPTIONS' branch.
  EXPECT_TRUE(c.sent_line("X-Cseq: 2 4 1")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Branch: z9hG4bK-4242-1-2 z9hG4bK-4242-1-0")) << c.last();
  EXPECT_NE(c.h.transport.sent[0].find(";branch=z9hG4bK-4242-1-0\r\n"), std::string::npos);
}

TEST(Keywords, LenWithAnOffsetCountsTheBody) {
  ProbeCall c(test::scenario(R"(<send><![CDATA[
  MESSAGE sip:x SIP/2.0
  Call-ID: [call_id]
  Content-Length: [len+3]

  hello world
]]></send>)"));
  const std::string &sent = c.run();
  size_t body = sent.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos) << sent;
  size_t length = sent.size() - body - 4;
  EXPECT_GE(length, 11U);
  char expected[32];
  std::snprintf(expected, sizeof expected, "Content-Length: %5zu\r\n", length + 3);
  EXPECT_NE(sent.find(expected), std::string::npos) << sent;
}

TEST(Keywords, PeerTagParamOnceThePeerTagged) {
  ProbeCall before(probe_only("  To: <sip:x>[peer_tag_param]"));
  before.run();
  EXPECT_TRUE(before.sent_line("To: <sip:x>")) << before.last();

  ProbeCall after(after_answer("", "  To: <sip:x>[peer_tag_param]"));
  after.run();
  EXPECT_TRUE(after.sent_line("To: <sip:x>;tag=peer1")) << after.last();
}

TEST(Keywords, RoutesFromTheRecordedRouteSet) {
  ProbeCall c(after_answer("", "  X-Before: 1\n  [routes]\n  X-Next: [next_url]", " rrs=\"true\""));
  c.run("Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\nContact: <sip:b@127.0.0.2:5060>\r\n");
  EXPECT_NE(c.last().find("X-Before: 1\r\nRoute: <sip:p2;lr>, <sip:p1;lr>\r\nX-Next: "
                          "sip:b@127.0.0.2:5060\r\n"),
            std::string::npos)
      << c.last();
}

TEST(Keywords, EmptyRoutesTakeTheirLineAway) {
  ProbeCall c(after_answer("", "  X-Before: 1\n  [routes]\n  X-After: 2", " rrs=\"true\""));
  c.run("Contact: <sip:b@127.0.0.2:5060>\r\n");
  EXPECT_NE(c.last().find("X-Before: 1\r\nX-After: 2\r\n"), std::string::npos) << c.last();
  EXPECT_EQ(c.last().find("Route"), std::string::npos) << c.last();
}

TEST(Keywords, LastRequestUriAndLastCseqNumber) {
  ProbeCall c(after_answer(
      "", "  X-Uri: [last_Request_URI]\n  X-Last: [last_cseq_number] [last_cseq_number+2]"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-Uri: sip:service@127.0.0.1:5060")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Last: 1 3")) << c.last();
}

TEST(Keywords, UsersAndUserId) {
  const std::string xml = probe_only("  X-Users: [users] [userid]");
  ProbeCall rate_mode(xml);
  rate_mode.run();
  EXPECT_TRUE(rate_mode.sent_line("X-Users: -1 0")) << rate_mode.last(); // as SIPp without -users

  ProbeCall fixed(xml);
  fixed.h.cfg.users = 5;
  fixed.run("", "", 3);
  EXPECT_TRUE(fixed.sent_line("X-Users: 5 3")) << fixed.last();

  RunHooks hooks;
  hooks.users = [] { return 9U; }; // the number "set users" made current
  ProbeCall moving(xml, hooks);
  moving.h.cfg.users = 5;
  moving.run("", "", 2);
  EXPECT_TRUE(moving.sent_line("X-Users: 9 2")) << moving.last();
}

TEST(Keywords, TdmMapGivesTheCallsCircuit) {
  const std::string xml = probe_only("  X-TDM: <[tdmmap]>");
  ProbeCall without(xml);
  without.run();
  EXPECT_TRUE(without.sent_line("X-TDM: <>")) << without.last();

  std::optional<TdmMap> map = TdmMap::parse("{0-0}{99}{5-5}{7-7}");
  ASSERT_TRUE(map);
  ProbeCall with(xml);
  with.h.ctx.tdm_map = &*map;
  with.run();
  EXPECT_TRUE(with.sent_line("X-TDM: <0.99.5/7>")) << with.last();
  EXPECT_TRUE(map->take(0)) << "the ended call gave its circuit back";
}

TEST(Keywords, DynamicIdStepsAndWraps) {
  const std::string xml = probe_only("  X-Id: [dynamic_id] [dynamic_id] [dynamic_id]");
  ProbeCall own(xml); // SIPp's defaults: from 10000 by 4
  own.run();
  EXPECT_TRUE(own.sent_line("X-Id: 10000 10004 10008")) << own.last();

  DynamicIdCounter shared(5, 9, 2);
  ProbeCall c(xml);
  c.h.ctx.dynamic_id = &shared;
  c.run();
  EXPECT_TRUE(c.sent_line("X-Id: 5 7 9")) << c.last();
  EXPECT_EQ(shared.take(), 5); // past -dynamicMax it starts again
}

TEST(Keywords, FillRepeatsTheTextToTheVariablesLength) {
  ProbeCall c(after_nop(R"(<assign assign_to="n" value="5"/><assign assign_to="none" value="0"/>)",
                        "  X-Fill: <[fill variable=n text=ab]>\n"
                        "  X-Empty: <[fill variable=none text=ab]>"));
  c.run();
  EXPECT_TRUE(c.sent_line("X-Fill: <ababa>")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Empty: <>")) << c.last();
}

TEST(Keywords, FileInsertsItsContentsOrWarns) {
  std::string path = test::temp_path("keywords_test_file.txt");
  {
    std::ofstream out(path, std::ios::binary);
    out << "from a file";
  }
  ProbeCall c(probe_only("  X-File: <[file name=\"" + path +
                         "\"]>\n  X-Missing: <[file name=\"/nonexistent/x.txt\"]>"));
  c.run();
  std::remove(path.c_str());
  EXPECT_TRUE(c.sent_line("X-File: <from a file>")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Missing: <>")) << c.last();
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_EQ(c.warnings[0], "[file]: cannot open '/nonexistent/x.txt': No such file or directory");
}

TEST(Keywords, FieldReadsTheCallsLineOrTheOneGiven) {
  auto users = std::make_shared<stdlib::InjectionFile>();
  ASSERT_TRUE(users->parse("users.csv", "SEQUENTIAL\nalice;1\nbob;2\n").ok());
  ProbeCall c(after_nop(R"(<assign assign_to="n" value="1"/>)",
                        "  X-Own: [field0] [field1 file=\"users.csv\"]\n"
                        "  X-Line: [field0 line=\"[$n]\"] [field1 line=\"1\"]\n"
                        "  X-Past: <[field0 line=\"7\"]>"));
  c.h.ctx.injection_files = {{"users.csv", users}};
  c.run();
  EXPECT_TRUE(c.sent_line("X-Own: alice 1")) << c.last(); // the first call reads line 0
  EXPECT_TRUE(c.sent_line("X-Line: bob 2")) << c.last();
  EXPECT_TRUE(c.sent_line("X-Past: <>")) << c.last();
}

TEST(Keywords, CustomKeysFromTheCommandLine) {
  compiler::FrontendOptions opts;
  opts.lowering.custom_keys.insert("site");
  opts.lowering.custom_keys.insert("unset");
  ProbeCall c(probe_only("  X-Site: [site]/<[unset]>"), {}, opts);
  c.h.cfg.keys["site"] = "paris";
  c.run();
  EXPECT_TRUE(c.sent_line("X-Site: paris/<>")) << c.last();
}

} // namespace
} // namespace gossipper::runtime
