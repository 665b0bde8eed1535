//===- user_config.hpp - Files kept in the user's configuration -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace gossipper::tools {

/// `$XDG_CONFIG_HOME/gossipper/NAME` (else `~/.config/gossipper/NAME`),
/// its directory made; "" when there is no home to keep it in.
std::string user_config_file(const std::string &name);

} // namespace gossipper::tools
