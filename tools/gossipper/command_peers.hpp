//===- command_peers.hpp - The 3PCC peer map file -----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's -slave_cfg (our -cmd_peers): one `name;host:port` per line, naming
// every instance of an extended 3PCC flow, this one included.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <utility>
#include <vector>

namespace gossipper::tools {

struct CommandPeer {
  std::string name;
  std::string address; ///< host:port as written
};

/// Reads `path`. Blank lines and lines starting with '#' are skipped; a line
/// without "name;host:port" is an error (naming the file and line).
Expected<std::vector<CommandPeer>> read_command_peers(const std::string &path);

} // namespace gossipper::tools
