#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace gossipper::test {

namespace {
int temp_paths_made = 0;
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
