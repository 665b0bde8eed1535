// The run's main SIP port, on loopback: the port given, the search when none
// is, and SIPp's exit 254 when the port is taken.
#include "transport/main_socket.hpp"

#include "gossipper/runtime/exit_code.hpp"

#include "loopback_bind.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

const boost::asio::ip::address kLoopback = boost::asio::ip::make_address("127.0.0.1");

/// A socket of `type` bound to 127.0.0.1:`at` (0: any), and its port.
struct Held {
  explicit Held(int type, uint16_t at = 0)
      : fd(::socket(AF_INET, type, 0)), port(testing::bind_loopback(fd, at)) {}
  ~Held() { ::close(fd); }
  Held(const Held &) = delete;
  Held &operator=(const Held &) = delete;

  int fd;
  uint16_t port = 0;
};

/// bind_main_socket on a port that was free a moment ago (cfg.local_port).
/// Tests run in parallel, and another may take the port between the two:
/// then again on another one.
Expected<MainSocket> bind_free_port(RunConfig &cfg) {
  for (int attempt = 1;; ++attempt) {
    cfg.local_port = Held(SOCK_DGRAM).port;
    Expected<MainSocket> s = bind_main_socket(cfg, kLoopback);
    if (s || s.error().exit_code != kExitBind || attempt == 10) {
      return s;
    }
  }
}

TEST(MainSocket, BindsThePortGiven) {
  RunConfig cfg;
  Expected<MainSocket> s = bind_free_port(cfg);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->port, cfg.local_port);
  ASSERT_GE(s->fd, 0);
  int type = 0;
  socklen_t len = sizeof type;
  ::getsockopt(s->fd, SOL_SOCKET, SO_TYPE, &type, &len);
  EXPECT_EQ(type, SOCK_DGRAM);
  ::close(s->fd);
}

TEST(MainSocket, WithoutAPortOneIsFound) {
  RunConfig cfg; // 5060-5119 first, else any: only a port is sure to come back
  Expected<MainSocket> s = bind_main_socket(cfg, kLoopback);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_NE(s->port, 0);
  ASSERT_GE(s->fd, 0);
  ::close(s->fd);
}

TEST(MainSocket, OverAStreamOnlyThePortIsFound) {
  RunConfig cfg;
  cfg.transport = TransportMode::TcpOne;
  Expected<MainSocket> s = bind_free_port(cfg);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->fd, -1); // the listener binds it
  EXPECT_EQ(s->port, cfg.local_port);
}

TEST(MainSocket, ATakenPortIsExit254InSippsWords) {
  Held taken(SOCK_DGRAM);
  RunConfig cfg;
  cfg.local_port = taken.port;
  Expected<MainSocket> s = bind_main_socket(cfg, kLoopback);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().exit_code, kExitBind);
  EXPECT_EQ(s.error().message, "Unable to bind main socket, errno = 98 (Address already in use)");
}

} // namespace
} // namespace gossipper::runtime
