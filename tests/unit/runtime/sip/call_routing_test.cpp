// Routing a raw message to its shard: the Call-ID found without a parse (long
// or compact name, SIPp's "///" prefix rule, a 3PCC command), and the shard
// a Call-ID hashes to.
#include "sip/call_routing.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::runtime {
namespace {

std::string request(const std::string &call_id_line) {
  return "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n" +
         call_id_line + "\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
}

struct Routed {
  const char *call_id_line; ///< the request's Call-ID line, as written
  bool callid_slash_ign;
  const char *expected;
};

const Routed kRequests[] = {
    // The Call-ID header in any case, blanks around the value dropped.
    {"Call-ID: 1-4242@127.0.0.1", false, "1-4242@127.0.0.1"},
    {"call-id:   spaced@host  ", false, "spaced@host"},
    {"Call-ID : blank-before-colon", false, "blank-before-colon"},
    // Its compact form.
    {"i: compact@10.0.0.1", false, "compact@10.0.0.1"},
    {"I:compact2", false, "compact2"},
    // None: empty.
    {"X-Call: not-it", false, ""},
    // Only what follows the first "///" counts...
    {"Call-ID: abc///7-1@10.0.0.1", false, "7-1@10.0.0.1"},
    {"Call-ID: a///b///c", false, "b///c"},
    {"Call-ID: ///main-init", false, "main-init"},
    {"Call-ID: a//b", false, "a//b"}, // two slashes are not the prefix
    // ...unless -callid_slash_ign keeps the whole Call-ID.
    {"Call-ID: abc///7-1@10.0.0.1", true, "abc///7-1@10.0.0.1"},
    {"i: x///y", true, "x///y"},
};

TEST(RouteCallId, ReadsTheRequestsCallIdAsSippDoes) {
  for (const Routed &r : kRequests) {
    EXPECT_EQ(route_call_id(request(r.call_id_line), r.callid_slash_ign), r.expected)
        << r.call_id_line;
  }
}

TEST(RouteCallId, OnlyTheHeadersCount) {
  EXPECT_EQ(route_call_id("", false), "");
  // A Call-ID in the body is not the message's.
  EXPECT_EQ(route_call_id("SIP/2.0 200 OK\r\nContent-Length: 14\r\n\r\nCall-ID: body\r\n", false),
            "");
}

TEST(RouteCallId, AThreePccCommandStartsWithItsCallId) {
  std::string command = "Call-ID: 7-1@10.0.0.1\r\nContent-Type: application/sdp\r\n"
                        "Content-Length: 5\r\n\r\nv=0\r\n\r\n";
  EXPECT_EQ(route_call_id(command, false), "7-1@10.0.0.1");
  EXPECT_EQ(route_call_id("call-id: twin///7-2\r\ninternal-cmd: abort_call\r\n\r\n", false), "7-2");
  // A command of one line, without a blank line after it.
  EXPECT_EQ(route_call_id("Call-ID: only-line", false), "only-line");
}

TEST(ShardOf, OneShardOrNoneIsShardZero) {
  EXPECT_EQ(shard_of("anything", 1), 0U);
  EXPECT_EQ(shard_of("anything", 0), 0U);
  EXPECT_EQ(shard_of("", 1), 0U);
}

TEST(ShardOf, IsInRange) {
  for (uint32_t shards : {2U, 3U, 7U, 16U}) {
    for (int n = 1; n <= 200; ++n) {
      std::string id = std::to_string(n) + "-4242@127.0.0.1";
      EXPECT_LT(shard_of(id, shards), shards) << id;
    }
  }
}

TEST(ShardOf, SpreadsSippsCallIdsOverEveryShard) {
  constexpr uint32_t kShards = 4;
  int seen[kShards] = {};
  for (int n = 1; n <= 400; ++n) {
    ++seen[shard_of(std::to_string(n) + "-4242@127.0.0.1", kShards)];
  }
  for (uint32_t s = 0; s < kShards; ++s) {
    EXPECT_GT(seen[s], 40) << "shard " << s; // a fair share is 100
  }
}

} // namespace
} // namespace gossipper::runtime
