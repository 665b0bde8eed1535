// Golden tests per stage: for every tests/golden/NAME.xml, the printed AST
// must equal NAME.ast and the printed IR NAME.ir. Set GOSSIPPER_UPDATE_GOLDEN=1
// to rewrite the expected files after an intended change (then read the diff).
#include "gossipper/ir/printer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gossipper::test {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() { return fs::path(GOSSIPPER_SOURCE_DIR) / "tests" / "golden"; }

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void compare_or_update(const fs::path &expected_path, const std::string &actual) {
  if (std::getenv("GOSSIPPER_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path;
  EXPECT_EQ(slurp(expected_path), actual) << "stage output differs from " << expected_path;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, AstAndIr) {
  fs::path xml = golden_dir() / (GetParam() + ".xml");
  auto c = compile(slurp(xml));
  ASSERT_TRUE(c.ok) << ::testing::PrintToString(c.diagnostics);
  compare_or_update(golden_dir() / (GetParam() + ".ast"), compiler::print_ast(*c.result.ast));
  compare_or_update(golden_dir() / (GetParam() + ".ir"), ir::print_scenario(c.scenario()));
}

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto &e : fs::directory_iterator(golden_dir())) {
    if (e.path().extension() == ".xml") {
      names.push_back(e.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(golden_names()),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           std::string n = i.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

} // namespace
} // namespace gossipper::test
