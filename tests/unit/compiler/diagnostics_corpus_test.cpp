// The broken-scenario corpus: tests/diagnostics/NAME.xml must produce exactly
// the lines of NAME.expected (file name as NAME.xml). NAME.options, when
// present, holds command-line context, one per line: "key NAME", "inf FILE"
// (relative to tests/diagnostics), "3pcc" (a twin is given), "no3pcc" (the
// command line is known and gives no 3PCC peer). GOSSIPPER_UPDATE_GOLDEN=1 rewrites
// the expected files.
#include "gossipper/stdlib/injection_file.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gossipper::test {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() { return fs::path(GOSSIPPER_SOURCE_DIR) / "tests" / "diagnostics"; }

compiler::FrontendOptions read_options(const fs::path &p) {
  compiler::FrontendOptions opts;
  std::ifstream in(p);
  std::string kind, value;
  while (in >> kind) {
    if (kind == "3pcc" || kind == "no3pcc") {
      opts.verify.check_3pcc = true;          // the command line is known...
      opts.verify.twin_3pcc = kind == "3pcc"; // ...and gives a twin, or not
      continue;
    }
    in >> value;
    if (kind == "key") {
      opts.lowering.custom_keys.insert(value);
    } else if (kind == "inf") {
      stdlib::InjectionFile f;
      Expected<void> loaded = f.load((corpus_dir() / value).string());
      EXPECT_TRUE(loaded.ok()) << (loaded ? "" : loaded.error().message);
      opts.verify.check_injection = true;
      if (opts.verify.default_injection_file.empty()) {
        opts.verify.default_injection_file = value;
      }
      opts.verify.injection_fields[value] = f.field_count();
    } else if (kind == "infindex") {
      opts.verify.indexed_injection_files.insert(value);
    }
  }
  return opts;
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, ExactDiagnostics) {
  const std::string name = GetParam();
  fs::path xml = corpus_dir() / (name + ".xml");
  compiler::FrontendOptions opts = read_options(corpus_dir() / (name + ".options"));
  ir::DiagnosticEngine diags(name + ".xml");
  (void)compiler::compile_file(xml.string(), opts, diags);
  std::string actual;
  for (const ir::Diagnostic &d : diags.sorted()) {
    ir::Diagnostic shown = d;
    shown.file = name + ".xml";
    actual += ir::format_diagnostic(shown) + "\n";
  }
  EXPECT_TRUE(diags.has_errors()) << name << " is in the broken corpus but compiles";
  fs::path expected = corpus_dir() / (name + ".expected");
  if (std::getenv("GOSSIPPER_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(expected, std::ios::binary);
  ASSERT_TRUE(in) << expected;
  std::ostringstream want;
  want << in.rdbuf();
  EXPECT_EQ(want.str(), actual);
}

std::vector<std::string> corpus_names() {
  std::vector<std::string> names;
  for (const auto &e : fs::directory_iterator(corpus_dir())) {
    if (e.path().extension() == ".xml") {
      names.push_back(e.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, Corpus, ::testing::ValuesIn(corpus_names()),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           std::string n = i.param;
                           std::replace_if(
                               n.begin(), n.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return n;
                         });

TEST(Corpus, HasAtLeastThirtyScenarios) { EXPECT_GE(corpus_names().size(), 30U); }

} // namespace
} // namespace gossipper::test
