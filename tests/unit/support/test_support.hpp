// Helpers shared by the unit tests: compile a scenario held in a string.
#pragma once

#include "gossipper/compiler/frontend.hpp"

#include <string>
#include <vector>

namespace gossipper::test {

struct Compiled {
  compiler::FrontendResult result;
  std::vector<std::string> diagnostics; ///< formatted, sorted, file name "t.xml"
  bool ok = false;                      ///< no error

  [[nodiscard]] const ir::Scenario &scenario() const { return *result.scenario; }
  /// The scenario, moved out. When the XML does not compile: a test failure
  /// showing the diagnostics, and the end of the test (an exception, which
  /// gtest reports and then goes on with the next test).
  ir::Scenario take_scenario();
};

Compiled compile(const std::string &xml, const compiler::FrontendOptions &opts = {});

/// compile(xml, opts).take_scenario(): a scenario the test runs, or the end
/// of the test with the diagnostics.
ir::Scenario compiled_scenario(const std::string &xml, const compiler::FrontendOptions &opts = {});

/// The XML of the built-in scenario `name`.
std::string builtin_xml(const char *name);

/// A scenario with `body` inside <scenario>.
std::string scenario(const std::string &body);

/// A first command for scenario bodies: a <send> of a bare OPTIONS.
inline const std::string kOptionsSend = R"(<send><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send>
)";

/// Reads a file of the source tree (GOSSIPPER_SOURCE_DIR/relative).
std::string read_source_file(const std::string &relative);

/// Reads the file at `path` ("" when it cannot be read).
std::string read_file(const std::string &path);

/// A file name in the test directory that no other test process uses:
/// ctest runs each test in its own process, several at once, so a fixed
/// name would be written and removed by two tests together.
std::string temp_path(const std::string &stem);

} // namespace gossipper::test
