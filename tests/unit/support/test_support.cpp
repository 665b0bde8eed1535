#include "test_support.hpp"

#include "gossipper/scenarios/builtin_scenarios.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace gossipper::test {

namespace {
int temp_paths_made = 0;

/// Fails the test with `why` and ends it: what follows cannot run.
[[noreturn]] void stop_test(const std::string &why) {
  ADD_FAILURE() << why;
  throw std::runtime_error("the test cannot go on");
}
} // namespace

Compiled compile(const std::string &xml, const compiler::FrontendOptions &opts) {
  Compiled c;
  ir::DiagnosticEngine diags("t.xml");
  compiler::SourceBuffer src("t.xml", xml);
  c.result = compiler::compile_source(src, opts, diags);
  for (const ir::Diagnostic &d : diags.sorted()) {
    c.diagnostics.push_back(ir::format_diagnostic(d));
  }
  c.ok = !diags.has_errors();
  return c;
}

ir::Scenario Compiled::take_scenario() {
  if (!ok || !result.scenario) {
    std::string why = "the scenario does not compile:";
    for (const std::string &d : diagnostics) {
      why += "\n" + d;
    }
    stop_test(why);
  }
  return std::move(*result.scenario);
}

ir::Scenario compiled_scenario(const std::string &xml, const compiler::FrontendOptions &opts) {
  return compile(xml, opts).take_scenario();
}

std::string builtin_xml(const char *name) {
  const scenarios::BuiltinScenario *builtin = scenarios::find_builtin(name);
  if (builtin == nullptr) {
    stop_test(std::string("no built-in scenario ") + name);
  }
  return std::string(builtin->xml);
}

std::string scenario(const std::string &body) {
  return "<?xml version=\"1.0\"?>\n<scenario name=\"t\">\n" + body + "\n</scenario>\n";
}

std::string read_source_file(const std::string &relative) {
  return read_file(std::string(GOSSIPPER_SOURCE_DIR) + "/" + relative);
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const std::string &stem) {
  return ::testing::TempDir() + stem + "_" + std::to_string(::getpid()) + "_" +
         std::to_string(++temp_paths_made);
}

} // namespace gossipper::test
