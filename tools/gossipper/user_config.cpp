//===- user_config.cpp - Files kept in the user's configuration -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "user_config.hpp"

#include <cstdlib>
#include <filesystem>

namespace gossipper::tools {

std::string user_config_file(const std::string &name) {
  const char *config = std::getenv("XDG_CONFIG_HOME");
  const char *home = std::getenv("HOME");
  std::filesystem::path dir = config != nullptr && *config != 0 ? std::filesystem::path(config)
                              : home != nullptr && *home != 0
                                  ? std::filesystem::path(home) / ".config"
                                  : std::filesystem::path();
  if (dir.empty()) {
    return {};
  }
  std::error_code ec;
  std::filesystem::create_directories(dir / "gossipper", ec);
  return ec ? std::string() : (dir / "gossipper" / name).string();
}

} // namespace gossipper::tools
