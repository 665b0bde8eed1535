// The Call-IDs of client calls: -cid_str's format characters, and the
// shapes of the -cid_type modes (their random parts are not checked, only
// their form).
#include "call/call_id_builder.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace gossipper::runtime {
namespace {

RunConfig config(const std::string &format, CallIdMode mode = CallIdMode::Format) {
  RunConfig cfg;
  cfg.cid_str = format;
  cfg.cid_type = mode;
  cfg.pid = 4242;
  cfg.local_ip = "127.0.0.1";
  return cfg;
}

bool shaped(const std::string &id, const char *pattern) {
  return std::regex_match(id, std::regex(pattern));
}

TEST(CallIdBuilder, SippsDefaultFormat) {
  EXPECT_EQ(make_call_id(config("%u-%p@%s"), 7), "7-4242@127.0.0.1");
  EXPECT_EQ(make_call_id(RunConfig{}, 1).substr(0, 2), "1-"); // the default is SIPp's
}

TEST(CallIdBuilder, FormatCharacters) {
  EXPECT_EQ(make_call_id(config("call%u.%p"), 12), "call12.4242");
  EXPECT_EQ(make_call_id(config("100%%-%u"), 3), "100%-3");
  // As SIPp: an unknown character after '%' is dropped, the '%' kept; a '%'
  // ending the format is kept.
  EXPECT_EQ(make_call_id(config("a%xb%"), 1), "a%b%");
  std::string random = make_call_id(config("r%r@%s"), 1);
  ASSERT_TRUE(shaped(random, "r[0-9]+@127\\.0\\.0\\.1")) << random;
  EXPECT_LE(std::stoll(random.substr(1, random.find('@') - 1)), 0x7fffffffLL);
}

TEST(CallIdBuilder, UuidModes) {
  std::string a = make_call_id(config("", CallIdMode::Uuid), 1);
  std::string b = make_call_id(config("", CallIdMode::Uuid), 1);
  EXPECT_TRUE(shaped(a, "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
                        "@127\\.0\\.0\\.1"))
      << a;
  EXPECT_NE(a, b);
  std::string compact = make_call_id(config("", CallIdMode::UuidCompact), 1);
  EXPECT_TRUE(shaped(compact, "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}@127\\.0\\.0\\.1"))
      << compact;
}

TEST(CallIdBuilder, RandomAndTimestampModes) {
  std::string random = make_call_id(config("", CallIdMode::Random), 5);
  EXPECT_TRUE(shaped(random, "5-[0-9a-f]{32}@127\\.0\\.0\\.1")) << random;
  EXPECT_NE(random, make_call_id(config("", CallIdMode::Random), 5));
  std::string stamp = make_call_id(config("", CallIdMode::Timestamp), 5);
  EXPECT_TRUE(shaped(stamp, "[0-9]{16,}-5-4242@127\\.0\\.0\\.1")) << stamp;
}

// -shard I/N: the shards' numbers differ; a format that does not print
// the number gets the shard's index in front, and only then.
TEST(CallIdBuilder, ShardsMakeTheirOwnCallIds) {
  RunConfig with_number = config("%u-%p@%s");
  with_number.shard_index = 1;
  with_number.shard_count = 2;
  EXPECT_EQ(make_call_id(with_number, 2), "2-4242@127.0.0.1");
  RunConfig without = config("fixed-%p@%s");
  EXPECT_EQ(make_call_id(without, 2), "fixed-4242@127.0.0.1"); // unsharded: as ever
  without.shard_index = 1;
  without.shard_count = 2;
  EXPECT_EQ(make_call_id(without, 2), "1.fixed-4242@127.0.0.1");
  without.shard_index = 0;
  EXPECT_EQ(make_call_id(without, 1), "0.fixed-4242@127.0.0.1");
  RunConfig escaped = config("n%%u");
  escaped.shard_index = 3;
  escaped.shard_count = 4;
  EXPECT_EQ(make_call_id(escaped, 4), "3.n%u"); // "%%u" prints '%' and 'u', not the number
}

TEST(CallIdBuilder, WhetherAFormatNumbersCalls) {
  EXPECT_TRUE(numbers_calls("%u-%p@%s"));
  EXPECT_TRUE(numbers_calls("a%u"));
  EXPECT_FALSE(numbers_calls("%p@%s"));
  EXPECT_FALSE(numbers_calls("%%u"));
  EXPECT_TRUE(numbers_calls("%%%u"));
  EXPECT_FALSE(numbers_calls("u%"));
  EXPECT_FALSE(numbers_calls(""));
}

} // namespace
} // namespace gossipper::runtime
