//===- control_socket.cpp - SIPp's remote control (-cp) -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/control_socket.hpp"

#include "gossipper/runtime/exit_code.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gossipper::runtime {

ControlSocket::~ControlSocket() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

Expected<void> ControlSocket::open(const RunConfig &cfg) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    return {};
  }
  // docs/sipp-behaviour.md, "Keys and commands": loopback only. SIPp binds
  // every address, and anyone who can reach the port may stop the run or
  // set its rate: the protocol has no token to ask for.
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (!cfg.control_ip.empty()) {
    if (::inet_pton(AF_INET, cfg.control_ip.c_str(), &sin.sin_addr) != 1 ||
        (ntohl(sin.sin_addr.s_addr) >> 24) != 127) {
      ::close(fd_);
      fd_ = -1;
      return Error{"-ci " + cfg.control_ip +
                       ": the remote-control socket takes commands from anyone who reaches it, "
                       "without a token, so it binds a loopback address only; to control a "
                       "run from elsewhere, use -api_addr with -api_token",
                   kExitFatal};
    }
  }
  auto bind_to = [&](uint16_t port) {
    sin.sin_port = htons(port);
    return ::bind(fd_, reinterpret_cast<sockaddr *>(&sin), sizeof sin) == 0;
  };
  if (cfg.control_port != 0) {
    if (!bind_to(cfg.control_port)) {
      return Error{"Unable to bind remote control socket to UDP port " +
                       std::to_string(cfg.control_port) + ": " + std::strerror(errno),
                   errno == EADDRINUSE ? kExitBind : kExitFatal};
    }
    return {};
  }
  for (uint16_t p = 8888; p < 8948; ++p) {
    if (bind_to(p)) {
      return {};
    }
  }
  ::close(fd_);
  fd_ = -1;
  return {};
}

void ControlSocket::read(const std::function<void(char)> &key,
                         const std::function<void(const std::string &)> &command) const {
  if (fd_ < 0) {
    return;
  }
  char buf[65536];
  ssize_t n = 0;
  while ((n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT)) > 0) {
    if (buf[0] == 'c') {
      command(std::string(buf + 1, static_cast<size_t>(n - 1)));
    } else {
      key(buf[0]);
    }
  }
}

} // namespace gossipper::runtime
