// The embedded scenarios: all twelve of SIPp's names and our two media
// ones, identical to scenarios/*.xml, and every one verifies.
#include "gossipper/scenarios/builtin_scenarios.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace gossipper::test {
namespace {

TEST(BuiltinScenarios, SippsTwelveNamesInSippsOrderThenOurs) {
  std::vector<std::string> names;
  for (const auto &s : scenarios::builtin_scenarios()) {
    names.emplace_back(s.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"uac", "uas", "regexp", "3pcc-C-A", "3pcc-C-B",
                                             "3pcc-A", "3pcc-B", "branchc", "branchs", "uac_pcap",
                                             "ooc_default", "ooc_dummy", "uac_media",
                                             "uas_media", "uac_srtp", "uas_srtp", "uac_dtls", "uas_dtls"}));
  EXPECT_EQ(scenarios::find_builtin("nope"), nullptr);
}

TEST(BuiltinScenarios, EmbeddedBytesAreTheSourceFiles) {
  for (const auto &s : scenarios::builtin_scenarios()) {
    EXPECT_EQ(s.xml, read_source_file("scenarios/" + std::string(s.name) + ".xml")) << s.name;
  }
}

TEST(BuiltinScenarios, EveryOneVerifiesWithoutWarnings) {
  for (const auto &s : scenarios::builtin_scenarios()) {
    auto c = compile(std::string(s.xml));
    if (std::string_view(s.name) == "branchc") {
      // SIPp's branchc shows next= by skipping a <recv> no call can reach.
      ASSERT_EQ(c.diagnostics.size(), 1U);
      EXPECT_TRUE(c.ok && c.diagnostics[0].starts_with("t.xml:22:3: warning: <recv> can never run"))
          << c.diagnostics[0];
      continue;
    }
    EXPECT_TRUE(c.ok && c.diagnostics.empty())
        << s.name << ": " << ::testing::PrintToString(c.diagnostics);
  }
}

TEST(BuiltinScenarios, ModesAsSippInfersThem) {
  auto mode = [](const char *name) {
    return compile(std::string(scenarios::find_builtin(name)->xml)).scenario().mode;
  };
  EXPECT_EQ(mode("uac"), ir::Mode::Client);
  EXPECT_EQ(mode("uas"), ir::Mode::Server);
  EXPECT_EQ(mode("3pcc-C-A"), ir::Mode::Client);
  EXPECT_EQ(mode("3pcc-C-B"), ir::Mode::Server);
  EXPECT_EQ(mode("uac_media"), ir::Mode::Client);
  EXPECT_EQ(mode("uas_media"), ir::Mode::Server);
}

} // namespace
} // namespace gossipper::test
