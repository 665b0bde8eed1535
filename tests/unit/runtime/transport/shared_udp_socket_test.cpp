// UdpSendQueue on loopback: what is queued leaves in order at the flush; a
// datagram sent at once arrives, and a refused one says so. With -udp_gso the
// batch leaves in segmented sends that arrive as the datagrams queued, and
// the UdpReader cuts a coalesced read into them.
#include "transport/shared_udp_socket.hpp"

#include "loopback_bind.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

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

TEST(UdpSendQueue, SegmentedSendsArriveAsTheDatagramsQueuedInEachCallsOrder) {
  Bound from;
  Bound to;
  UdpSendQueue q(from.fd, true);
  // Ten calls each send a short then a long datagram.
  for (int call = 0; call < 10; ++call) {
    std::string id = "call-" + std::to_string(call);
    q.push("180 " + id, to.at, id);
    q.push("200 OK " + id, to.at, id);
  }
  q.flush(nullptr);
  EXPECT_EQ(q.segmented(), 20U) << "the kernel segmented nothing";
  std::set<std::string> got;
  for (int i = 0; i < 20; ++i) {
    std::string d = to.next();
    ASSERT_FALSE(d.empty());
    if (d.starts_with("200 OK ")) {
      EXPECT_TRUE(got.contains("180 " + d.substr(7))) << d << " before its 180";
    }
    got.insert(d);
  }
  EXPECT_EQ(got.size(), 20U);
  EXPECT_EQ(q.drops() + q.errors(), 0U);
}

TEST(UdpReader, CutsAPeersSegmentedSendIntoItsDatagrams) {
  boost::asio::io_context io;
  Bound from;
  Bound to;
  std::vector<std::string> read;
  std::vector<std::string> warnings;
  UdpReader reader(
      io, to.fd, 64,
      [&](std::string_view raw, const ip::udp::endpoint &) { read.emplace_back(raw); }, [] {},
      [&](const std::string &w) { warnings.push_back(w); }, true);
  ASSERT_TRUE(warnings.empty()) << warnings[0];
  UdpSendQueue q(from.fd, true);
  auto send_eight = [&] {
    for (int i = 0; i < 8; ++i) {
      q.push("INVITE " + std::to_string(i), to.at, std::to_string(i));
    }
    q.flush(nullptr);
  };
  // The socket now reads a segmented send whole: what the reader must cut.
  send_eight();
  char buf[4096];
  EXPECT_EQ(::recv(to.fd, buf, sizeof buf, 0), 8 * 8);
  send_eight();
  reader.start();
  for (int i = 0; i < 100 && read.size() < 8; ++i) {
    io.run_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(read.size(), 8U);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(read[i], "INVITE " + std::to_string(i));
  }
  reader.close();
}

} // namespace
} // namespace gossipper::runtime
