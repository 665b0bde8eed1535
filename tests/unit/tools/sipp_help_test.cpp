// gossipper sipp -h, written from the option table.
#include "sipp_help.hpp"
#include "sipp_option_table.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace gossipper::tools {
namespace {

/// Whether `help` names `-name` as a whole word (not as the start of a
/// longer option's name).
bool names_option(const std::string &help, std::string_view name) {
  std::string dashed = "-" + std::string(name);
  for (size_t at = help.find(dashed); at != std::string::npos; at = help.find(dashed, at + 1)) {
    size_t end = at + dashed.size();
    bool word_ends =
        end == help.size() || (std::isalnum(static_cast<unsigned char>(help[end])) == 0 &&
                               help[end] != '_' && help[end] != '-');
    if (word_ends) {
      return true;
    }
  }
  return false;
}

// An option with an entry of its own, or joined to one's heading, is named
// by the heading the help writes from its row; one described in the text of
// the entry above must be named there by hand.
TEST(SippHelp, NamesEveryOptionDescribedInText) {
  const std::string &help = sipp_help_text();
  for (const SippOption &o : sipp_option_table()) {
    if (o.help.layout != HelpLayout::InText) {
      continue;
    }
    for (std::string_view name : o.names) {
      EXPECT_TRUE(names_option(help, name)) << "-" << name << " is accepted but not in the help";
    }
  }
}

TEST(SippHelp, KeepsSippsLayout) {
  const std::string &help = sipp_help_text();
  EXPECT_EQ(help.rfind("Usage:\n\n  gossipper sipp remote_host[:remote_port] [options]\n", 0), 0U);
  EXPECT_NE(help.find("\n*** Scenario:\n   -sf FILE        : Load a scenario from an XML file.\n"),
            std::string::npos);
  EXPECT_NE(help.find("   -oocsf FILE, -oocsn NAME : Out-of-call scenario (client mode): a "
                      "request\n                     that belongs"),
            std::string::npos);
  EXPECT_NE(help.find("   -ci IP, -cp PORT: Remote-control UDP socket"), std::string::npos);
  EXPECT_NE(help.find("\nExit codes: 0 all calls succeeded"), std::string::npos);
}

TEST(SippHelp, EverySectionHasAnEntryAndOptionsHaveOneSection) {
  const std::string &help = sipp_help_text();
  for (HelpSection section : kHelpSections) {
    EXPECT_NE(help.find("*** " + std::string(help_section_title(section)) + ":\n   -"),
              std::string::npos)
        << help_section_title(section);
  }
  // A joined or described-in-text option belongs to the entry above it.
  const std::vector<SippOption> &table = sipp_option_table();
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table.front().help.layout, HelpLayout::Own);
  for (size_t i = 1; i < table.size(); ++i) {
    if (table[i].help.layout != HelpLayout::Own) {
      EXPECT_EQ(table[i].help.section, table[i - 1].help.section) << table[i].names[0];
      EXPECT_TRUE(table[i].help.lines.empty()) << table[i].names[0];
    }
  }
}

} // namespace
} // namespace gossipper::tools
