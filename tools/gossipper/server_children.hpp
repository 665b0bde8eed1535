//===- server_children.hpp - gossipper server's runs ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each participant of a server runs as a `gossipper sipp` process of its
// own: a scenario that fails, a crash, or a run's files (named by its pid,
// as SIPp names them) stay that run's. Each child serves its own API on a
// loopback port with a token made for it, which the server's API forwards
// to. Safe from any thread (one lock).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "server_profile.hpp"

#include "gossipper/stdlib/expected.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace gossipper::tools {

struct ChildView {
  Participant participant;
  std::vector<std::string> arguments; ///< after `gossipper sipp`
  pid_t pid = -1;
  bool running = false;
  int exit_code = -1;    ///< once ended
  uint16_t api_port = 0; ///< 0 until the child's API listens
  std::string api_token;
};

/// This program's path, to start its runs with.
std::string self_path();
/// A private directory `PREFIX-XXXXXX` in the system's temporary directory
/// for the runs' port files, error outputs and summaries; "" when none can
/// be made.
std::string make_work_dir(const std::string &prefix);

class ServerChildren {
public:
  /// `self`: this program (self_path()); `work`: where the children's port
  /// files and error output go (make_work_dir());
  /// `command_line`: options after the profile, given to every child.
  ServerChildren(std::string self, std::string work, std::vector<std::string> command_line)
      : self_(std::move(self)), work_(std::move(work)), command_line_(std::move(command_line)) {}
  ~ServerChildren();
  ServerChildren(const ServerChildren &) = delete;
  ServerChildren &operator=(const ServerChildren &) = delete;

  /// Starts a participant; refused when its id is taken by a running one.
  Expected<void> start(const Participant &p);
  /// Starts `gossipper sipp ARGUMENTS` as the run `id` (its API added).
  Expected<void> start_arguments(const std::string &id, std::vector<std::string> arguments);
  /// SIGUSR1 (SIPp's graceful quit: no new call, the open ones end), or
  /// SIGTERM with `now`. False when there is no such running child.
  bool stop(const std::string &id, bool now);
  /// A running child's id becomes ID~N and it stops gracefully: its calls in
  /// flight end on its scenario while a new run takes the id. False when
  /// there is no such running child.
  bool retire(const std::string &id);
  /// The options every run gets after its profile's.
  [[nodiscard]] const std::vector<std::string> &command_line() const { return command_line_; }
  [[nodiscard]] const std::string &work() const { return work_; }
  /// Collects the children that ended; reads the API ports of new ones.
  void poll();
  /// Polls until the child `id` listens on its API or has ended, at most
  /// `timeout`: its view then (running with api_port 0: the time ran
  /// out); nullopt when there is no such child.
  std::optional<ChildView> wait_started(const std::string &id, std::chrono::milliseconds timeout);
  /// Stops every child (SIGTERM) and waits up to `seconds` for them all.
  void stop_all(int seconds);
  [[nodiscard]] std::vector<ChildView> children() const;
  [[nodiscard]] bool any_running() const;

private:
  std::string port_file(const std::string &id) const;
  /// start's work, under the lock: the child with `arguments` and its API.
  Expected<void> launch(const Participant &p, std::vector<std::string> arguments);

  std::string self_, work_;
  std::vector<std::string> command_line_;
  mutable std::mutex mu_;
  std::vector<ChildView> children_;
  unsigned retired_ = 0;
};

} // namespace gossipper::tools
