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
};

Compiled compile(const std::string &xml, const compiler::FrontendOptions &opts = {});

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
