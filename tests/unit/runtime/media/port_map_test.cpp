#include "media/port_map.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace gossipper::runtime::media {
namespace {

struct Entry {
  int value = 0;
};

TEST(PortMap, FindsWhatItHoldsAndNothingElse) {
  PortMap<Entry> ports;
  EXPECT_EQ(ports.find(0), nullptr);
  EXPECT_EQ(ports.find(65535), nullptr);
  ports[6000].value = 1;
  ports[65535].value = 2;
  ports[0].value = 3;
  ASSERT_NE(ports.find(6000), nullptr);
  EXPECT_EQ(ports.find(6000)->value, 1);
  EXPECT_EQ(ports.find(65535)->value, 2);
  EXPECT_EQ(ports.find(0)->value, 3);
  // Neighbours on the same page, and the same slot on another page.
  EXPECT_EQ(ports.find(6001), nullptr);
  EXPECT_EQ(ports.find(5999), nullptr);
  EXPECT_EQ(ports.find(6000 + 256), nullptr);
  EXPECT_EQ(ports.size(), 3U);
}

TEST(PortMap, AnEntryStaysWhereItIsUntilErased) {
  PortMap<Entry> ports;
  Entry &first = ports[10000];
  first.value = 7;
  for (uint16_t p = 10002; p < 12000; p += 2) {
    ports[p].value = p;
  }
  EXPECT_EQ(&ports[10000], &first); // made once: the engine keeps references
  EXPECT_EQ(first.value, 7);
  ports.erase(10000);
  EXPECT_EQ(ports.find(10000), nullptr);
  ports.erase(10000); // twice, or a port never made: nothing happens
  ports.erase(3);
  EXPECT_EQ(ports[10000].value, 0); // made again, value-initialised
  EXPECT_EQ(ports.size(), 1000U);
}

TEST(PortMap, AgreesWithAMapOverRandomChanges) {
  PortMap<Entry> ports;
  std::map<uint16_t, int> model;
  std::mt19937 rng(21);
  for (int i = 0; i < 200000; ++i) {
    // Mostly a dense range (as -mp gives), sometimes anywhere.
    auto port = static_cast<uint16_t>(rng() % 4 == 0 ? rng() % 65536 : 10000 + rng() % 3000);
    switch (rng() % 3) {
    case 0:
      ports[port].value = i;
      model[port] = i;
      break;
    case 1:
      ports.erase(port);
      model.erase(port);
      break;
    default: {
      Entry *e = ports.find(port);
      auto it = model.find(port);
      ASSERT_EQ(e != nullptr, it != model.end()) << port;
      if (e != nullptr) {
        ASSERT_EQ(e->value, it->second) << port;
      }
    }
    }
  }
  EXPECT_EQ(ports.size(), model.size());
}

} // namespace
} // namespace gossipper::runtime::media
