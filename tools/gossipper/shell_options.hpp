//===- shell_options.hpp - gossipper cli's set, unset and show --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The options the shell's `run` starts a test with: `gossipper sipp`'s own,
// named as its command line names them (without the dash), checked against
// its option table when set, plus `target` (the remote HOST:PORT, SIPp's
// positional argument). Free of I/O: the shell prints what these return.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "server_profile.hpp"

#include "gossipper/stdlib/expected.hpp"

#include <map>
#include <string>
#include <vector>

namespace gossipper::tools {

class ShellOptions {
public:
  /// `set NAME [VALUE...]`: a flag takes no value, an option one (two for
  /// -key, -set and the like); refused with the reason otherwise.
  Expected<void> set(const std::string &name, const std::vector<std::string> &values);
  /// `unset NAME`: false when it was not set.
  bool unset(const std::string &name);
  /// `show [NAME]`: "name value" lines, in name order.
  [[nodiscard]] std::vector<std::string> show(const std::string &name = {}) const;
  /// The run `run` starts: a client with a target, else a listener.
  [[nodiscard]] Participant participant(const std::string &id) const;
  /// Every name `set` takes, for completion.
  [[nodiscard]] static std::vector<std::string> names();

private:
  /// Values by name; a repeatable two-value option (-key) keeps each pair.
  std::map<std::string, std::vector<std::vector<std::string>>> values_;
};

} // namespace gossipper::tools
