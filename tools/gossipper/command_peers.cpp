//===- command_peers.cpp - The 3PCC peer map file ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "command_peers.hpp"

#include <fstream>

namespace gossipper::tools {

Expected<std::vector<CommandPeer>> read_command_peers(const std::string &path) {
  std::ifstream in(path);
  if (!in) {
    return Error{"cannot read the 3PCC peers file '" + path + "'"};
  }
  std::vector<CommandPeer> out;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') {
      continue;
    }
    size_t semi = line.find(';');
    if (semi == 0 || semi == std::string::npos || semi + 1 == line.size() ||
        line.find(':', semi) == std::string::npos) {
      std::string where = path + ":" + std::to_string(number);
      return Error{where.append(": expected name;host:port, got '").append(line).append("'")};
    }
    out.push_back({line.substr(0, semi), line.substr(semi + 1)});
  }
  return out;
}

} // namespace gossipper::tools
