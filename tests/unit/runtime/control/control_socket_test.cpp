#include "control/control_socket.hpp"

#include "gossipper/runtime/run_config.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace gossipper::runtime {
namespace {

in_addr_t bound_address(const ControlSocket &s) {
  sockaddr_in sin{};
  socklen_t len = sizeof sin;
  EXPECT_EQ(::getsockname(s.fd(), reinterpret_cast<sockaddr *>(&sin), &len), 0);
  return ntohl(sin.sin_addr.s_addr);
}

TEST(ControlSocket, ItBindsLoopbackUnlessALoopbackAddressIsGiven) {
  RunConfig cfg;
  ControlSocket plain;
  ASSERT_TRUE(plain.open(cfg));
  if (plain.fd() >= 0) { // 8888-8947 may all be taken: SIPp's warning then
    EXPECT_EQ(bound_address(plain), INADDR_LOOPBACK);
  }
  cfg.control_ip = "127.0.0.2";
  ControlSocket other;
  ASSERT_TRUE(other.open(cfg));
  if (other.fd() >= 0) {
    EXPECT_EQ(bound_address(other), 0x7f000002U);
  }
}

TEST(ControlSocket, AnAddressReachableFromElsewhereIsRefused) {
  for (const char *ip : {"0.0.0.0", "10.0.0.5", "not an address"}) {
    RunConfig cfg;
    cfg.control_ip = ip;
    ControlSocket s;
    Expected<void> opened = s.open(cfg);
    ASSERT_FALSE(opened) << ip;
    EXPECT_NE(opened.error().message.find("-api_token"), std::string::npos);
    EXPECT_EQ(s.fd(), -1);
  }
}

} // namespace
} // namespace gossipper::runtime
