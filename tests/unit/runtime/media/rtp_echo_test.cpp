// -rtp_echo on loopback: SIPp's port search, datagrams sent back to their
// sender on both ports, the <rtp_echo> switch, and each sender measured.
#include "media/rtp_echo.hpp"

#include "time/clock.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace gossipper::runtime::media {
namespace {

using Field = MediaSummary::Field;

int udp_socket(uint16_t *port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(*port);
  if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

void send_to(int fd, uint16_t port, const std::string &bytes) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr *>(&a), sizeof a);
}

std::string receive(int fd) {
  char buf[2048];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(n));
}

std::string rtp(uint16_t seq) {
  std::string p(12 + 160, 'x');
  p[0] = static_cast<char>(0x80);
  p[1] = 0; // PCMU
  p[2] = static_cast<char>(seq >> 8);
  p[3] = static_cast<char>(seq & 0xff);
  return p;
}

/// An even port whose port and port+2 are free for a moment, held.
uint16_t held_even_port(int *fd) {
  for (int i = 0; i < 200; ++i) {
    uint16_t port = 0;
    int f = udp_socket(&port);
    if (port % 2 == 0 && port < 65000) {
      *fd = f;
      return port;
    }
    ::close(f);
  }
  return 0;
}

class RtpEchoTest : public ::testing::Test {
protected:
  void run_for(RtpEcho &echo, int ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
      io.poll();
      echo.on_tick(steady_ms());
      std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
  }
  MediaSummary figures() const {
    MediaSummary s;
    counters.add_to(s);
    return s;
  }

  boost::asio::io_context io;
  MediaCounters counters;
  std::atomic<bool> on{true};
};

TEST_F(RtpEchoTest, ATakenPortMovesTheEchoToTheNextEvenPortAsSippDoes) {
  int held = -1;
  uint16_t taken = held_even_port(&held);
  ASSERT_NE(taken, 0);
  RunConfig cfg;
  cfg.media_ip = "127.0.0.1";
  cfg.min_rtp_port = taken;
  Expected<EchoSockets> sockets = bind_echo_sockets(cfg);
  ASSERT_TRUE(sockets.ok()) << sockets.error().message;
  EXPECT_GT(cfg.media_port, taken);
  EXPECT_EQ((cfg.media_port - taken) % 2, 0);
  ::close(sockets->audio);
  ::close(sockets->video);
  ::close(held);
}

TEST_F(RtpEchoTest, NoFreePortInARangeOfOneIsSippsError) {
  int held = -1;
  uint16_t taken = held_even_port(&held);
  RunConfig cfg;
  cfg.media_ip = "127.0.0.1";
  cfg.min_rtp_port = taken;
  cfg.max_rtp_port = taken; // one try only
  Expected<EchoSockets> sockets = bind_echo_sockets(cfg);
  ASSERT_FALSE(sockets.ok());
  EXPECT_NE(sockets.error().message.find("Unable to bind audio RTP socket"), std::string::npos);
  EXPECT_EQ(sockets.error().exit_code, 255);
  ::close(held);
}

TEST_F(RtpEchoTest, EveryDatagramGoesBackToItsSenderOnBothPorts) {
  RunConfig cfg;
  cfg.media_ip = "127.0.0.1";
  int held = -1;
  cfg.min_rtp_port = held_even_port(&held);
  ::close(held);
  Expected<EchoSockets> sockets = bind_echo_sockets(cfg);
  ASSERT_TRUE(sockets.ok());
  RtpEcho echo(io, *sockets, 2048, on, counters);
  uint16_t mine = 0;
  int peer = udp_socket(&mine);
  send_to(peer, cfg.media_port, rtp(1));
  send_to(peer, static_cast<uint16_t>(cfg.media_port + 2), "video bytes");
  run_for(echo, 30);
  EXPECT_EQ(receive(peer), rtp(1));
  EXPECT_EQ(receive(peer), "video bytes");
  EXPECT_EQ(figures().get(Field::Echoed), 2U);
  EXPECT_EQ(figures().get(Field::Malformed), 1U); // the video bytes are not RTP
  on = false;
  send_to(peer, cfg.media_port, rtp(2));
  run_for(echo, 30);
  EXPECT_EQ(receive(peer), "");
  EXPECT_EQ(figures().get(Field::Echoed), 2U);
  echo.finish();
  EXPECT_EQ(figures().get(Field::StreamsMeasured), 1U);
  EXPECT_EQ(figures().get(Field::PacketsLost), 0U);
  ::close(peer);
}

} // namespace
} // namespace gossipper::runtime::media
