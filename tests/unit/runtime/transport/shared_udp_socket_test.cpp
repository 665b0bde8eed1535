// UdpSendQueue on loopback: what is queued leaves in order at the flush; a
// datagram sent at once arrives, and a refused one says so.
#include "transport/shared_udp_socket.hpp"

#include "loopback_bind.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace gossipper::runtime {
namespace {

namespace ip = boost::asio::ip;

/// A UDP socket bound to 127.0.0.1 on a port of the kernel's choosing.
struct Bound {
  Bound()
      : fd(::socket(AF_INET, SOCK_DGRAM, 0)),
        at(ip::address_v4::loopback(), testing::bind_loopback(fd)) {}
  ~Bound() { ::close(fd); }
  Bound(const Bound &) = delete;
  Bound &operator=(const Bound &) = delete;

  /// The next datagram, or "" when none comes within a second.
  std::string next() const {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) != 1) {
      return "";
    }
    char buf[2048];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }

  int fd;
  ip::udp::endpoint at;
};

TEST(UdpSendQueue, WhatIsQueuedLeavesInOrderAtTheFlush) {
  Bound from;
  Bound to;
  UdpSendQueue q(from.fd);
  EXPECT_TRUE(q.empty());
  q.push("one", to.at, "call-1");
  q.push("two", to.at, "call-2");
  EXPECT_FALSE(q.empty());
  q.flush(nullptr);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(to.next(), "one");
  EXPECT_EQ(to.next(), "two");
  EXPECT_EQ(q.drops() + q.errors(), 0U);
}

TEST(UdpSendQueue, ADatagramSentAtOnceArrivesWithoutAFlush) {
  Bound from;
  Bound to;
  UdpSendQueue q(from.fd);
  EXPECT_TRUE(q.send_now("now", to.at));
  EXPECT_EQ(to.next(), "now");
  EXPECT_TRUE(q.empty());
}

TEST(UdpSendQueue, ADatagramTheKernelRefusesIsReportedRefused) {
  Bound from;
  UdpSendQueue q(from.fd);
  // An IPv4 socket cannot send to an IPv6 address: a hard error.
  EXPECT_FALSE(q.send_now("lost", ip::udp::endpoint(ip::address_v6::loopback(), 9)));
}

} // namespace
} // namespace gossipper::runtime
