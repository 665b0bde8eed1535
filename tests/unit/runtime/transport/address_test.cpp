// Host and port as SIPp's command line writes them; loopback only.
#include "gossipper/runtime/address.hpp"

#include <gtest/gtest.h>

namespace gossipper::runtime {
namespace {

TEST(SplitHostPort, NameOrAddressWithOrWithoutPort) {
  struct Case {
    const char *text;
    const char *host;
    uint16_t port;
  };
  for (const Case &c :
       {Case{"localhost:5070", "localhost", 5070}, Case{"127.0.0.1", "127.0.0.1", 0},
        Case{"[::1]:5080", "::1", 5080}, Case{"[::1]", "::1", 0}, Case{"::1", "::1", 0}}) {
    HostPort hp = split_host_port(c.text);
    EXPECT_EQ(hp.host, c.host) << c.text;
    EXPECT_EQ(hp.port, c.port) << c.text;
  }
}

TEST(Resolve, NumericAddressesAndLocalhost) {
  Expected<std::string> v4 = resolve("127.0.0.1");
  ASSERT_TRUE(v4.ok()) << v4.error().message;
  EXPECT_EQ(*v4, "127.0.0.1");
  Expected<std::string> v6 = resolve("::1");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(*v6, "::1");
  Expected<std::string> local = resolve("localhost");
  ASSERT_TRUE(local.ok()) << local.error().message;
  EXPECT_TRUE(*local == "127.0.0.1" || *local == "::1") << *local;
}

TEST(Resolve, AnUnknownNameIsAnError) {
  Expected<std::string> none = resolve("no such host.invalid");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no such host.invalid"), std::string::npos);
}

TEST(LocalIpToward, LoopbackIsReachedFromLoopback) {
  Expected<std::string> ip = local_ip_toward("127.0.0.1", 5060);
  ASSERT_TRUE(ip.ok()) << ip.error().message;
  EXPECT_EQ(*ip, "127.0.0.1");
}

TEST(LocalIpToward, ANameIsNotANumericAddress) {
  EXPECT_FALSE(local_ip_toward("localhost", 5060).ok());
}

} // namespace
} // namespace gossipper::runtime
