// SIPp's one-dash long options, rewritten for CLI11.
#include "sipp_option_style.hpp"

#include <gtest/gtest.h>

namespace gossipper::tools {
namespace {

TEST(SippOptionStyle, OneDashLongNamesBecomeTwoDashes) {
  std::set<std::string> names = {"sf", "trace_stat", "key", "r", "3pcc"};
  std::vector<std::string> in = {"-sf", "a.xml", "-trace_stat", "-r=10", "-key", "k", "v",
                                 "-t",  "u1",    "--sf",        "b",     "-3pcc", "h:1",
                                 "--",  "-sf"};
  std::vector<std::string> want = {"--sf", "a.xml", "--trace_stat", "--r=10", "--key", "k", "v",
                                   "-t",   "u1",    "--sf",         "b",      "--3pcc", "h:1",
                                   "--",   "-sf"};
  EXPECT_EQ(translate_sipp_options(in, names), want);
}

TEST(SippOptionStyle, UnknownNamesAreLeftForTheParserToRefuse) {
  EXPECT_EQ(translate_sipp_options({"-bogus"}, {"sf"}), (std::vector<std::string>{"-bogus"}));
}

} // namespace
} // namespace gossipper::tools
