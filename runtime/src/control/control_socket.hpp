//===- control_socket.hpp - SIPp's remote control (-cp) --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A UDP socket whose datagrams are keys (the first byte) or commands ("c"
// then the command), exactly as SIPp's keyboard takes them: bound to -ci:-cp,
// or when -cp is not given to the first free port of 8888-8947 (none free: no
// remote control), as SIPp does.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <functional>
#include <string>

namespace gossipper::runtime {

class ControlSocket {
public:
  ControlSocket() = default;
  ~ControlSocket();
  ControlSocket(const ControlSocket &) = delete;
  ControlSocket &operator=(const ControlSocket &) = delete;

  /// Binds it; an error (with SIPp's exit code) when -cp names a port it
  /// cannot have.
  Expected<void> open(const RunConfig &cfg);
  /// -1 when there is none.
  [[nodiscard]] int fd() const { return fd_; }
  /// Every datagram waiting, as a key or a command.
  void read(const std::function<void(char)> &key,
            const std::function<void(const std::string &)> &command) const;

private:
  int fd_ = -1;
};

} // namespace gossipper::runtime
