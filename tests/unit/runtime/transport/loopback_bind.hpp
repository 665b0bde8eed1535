// Binding a test's socket on 127.0.0.1, for the tests that need a peer.
#pragma once

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <sys/socket.h>

namespace gossipper::runtime::testing {

/// Binds IPv4 socket `fd` to 127.0.0.1:`at` (0: a port of the kernel's
/// choosing) and returns the port it is bound to.
inline uint16_t bind_loopback(int fd, uint16_t at = 0) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(at);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
  return ntohs(a.sin_port);
}

} // namespace gossipper::runtime::testing
