//===- main_socket.cpp - The run's main SIP port --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/main_socket.hpp"

#include "gossipper/runtime/exit_code.hpp"

#include <boost/asio/ip/udp.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

/// A socket of the run's kind bound to `address`:`port`; -1 (errno set)
/// when it cannot be.
int try_bind(const RunConfig &cfg, const boost::asio::ip::address &address, uint16_t port) {
  bool udp = is_udp(cfg.transport);
  int fd = ::socket(address.is_v6() ? AF_INET6 : AF_INET,
                    (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  int size = static_cast<int>(cfg.buff_size);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  if (!udp) {
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  boost::asio::ip::udp::endpoint ep(address, port);
  if (::bind(fd, ep.data(), static_cast<socklen_t>(ep.size())) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

uint16_t bound_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len);
  return ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port
                                        : reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
}

} // namespace

Expected<MainSocket> bind_main_socket(const RunConfig &cfg,
                                      const boost::asio::ip::address &address) {
  int fd = -1;
  if (cfg.local_port != 0) {
    fd = try_bind(cfg, address, cfg.local_port);
    if (fd < 0) {
      return Error{std::string("Unable to bind main socket, errno = ") + std::to_string(errno) +
                       " (" + std::strerror(errno) + ")",
                   errno == EADDRINUSE ? kExitBind : kExitFatal};
    }
  } else {
    for (uint16_t p = 5060; p < 5120 && fd < 0; ++p) {
      fd = try_bind(cfg, address, p);
    }
    if (fd < 0) {
      fd = try_bind(cfg, address, 0);
    }
    if (fd < 0) {
      return Error{std::string("Unable to bind main socket: ") + std::strerror(errno), kExitFatal};
    }
  }
  MainSocket out{fd, bound_port(fd)};
  if (!is_udp(cfg.transport)) {
    ::close(fd); // the listener binds the port itself
    out.fd = -1;
  }
  return out;
}

int64_t socket_receive_drops(int fd) {
  if (fd < 0) {
    return -1;
  }
  uint32_t info[SK_MEMINFO_VARS] = {};
  socklen_t len = sizeof info;
  if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, &len) != 0 || len <= SK_MEMINFO_DROPS * 4) {
    return -1;
  }
  return info[SK_MEMINFO_DROPS];
}

} // namespace gossipper::runtime
