// The bytes of a message being written: std::string's meaning for every
// operation the renderer uses, checked against std::string on random edits,
// and a layout compiled code can rely on.
#include "call/message_bytes.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace gossipper::runtime {
namespace {

TEST(MessageBytes, EditsAsStdStringDoes) {
  std::mt19937 rng(7);
  MessageBytes b;
  std::string s;
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % (n + 1)); };
  auto text = [&] { return std::string(pick(300), static_cast<char>('a' + rng() % 26)); };
  for (int i = 0; i < 5000; ++i) {
    switch (rng() % 7) {
    case 0: {
      std::string t = text();
      b += t;
      s += t;
      break;
    }
    case 1:
      b.push_back('\n');
      s.push_back('\n');
      break;
    case 2: {
      size_t at = pick(s.size());
      size_t n = pick(40);
      std::string t = text();
      b.replace(at, n, t);
      s.replace(at, n, t);
      break;
    }
    case 3: {
      size_t at = pick(s.size());
      std::string t = text();
      b.insert(at, t);
      s.insert(at, t);
      break;
    }
    case 4: {
      size_t at = pick(s.size());
      size_t n = pick(60);
      b.erase(at, n);
      s.erase(at, n);
      break;
    }
    case 5:
      if (s.size() > 20000) {
        b.clear();
        s.clear();
      }
      break;
    default: {
      std::string t = text();
      b = t;
      s = t;
      break;
    }
    }
    ASSERT_EQ(b.view(), s);
    ASSERT_LE(b.size(), b.capacity());
    ASSERT_EQ(b.find("\nab"), s.find("\nab"));
    ASSERT_EQ(b.find('z', 3), s.find('z', 3));
  }
}

TEST(MessageBytes, KeepsItsRoomWhenCleared) {
  MessageBytes b;
  b.append(std::string(1000, 'x'));
  const char *data = b.data();
  size_t capacity = b.capacity();
  b.clear();
  b.append(std::string(900, 'y'));
  EXPECT_EQ(b.data(), data);
  EXPECT_EQ(b.capacity(), capacity);
}

TEST(MessageBytes, CopiesAndMovesItsBytes) {
  MessageBytes a;
  a = "INVITE sip:x SIP/2.0\r\n";
  MessageBytes copy(a);
  MessageBytes moved(std::move(a));
  EXPECT_EQ(copy, "INVITE sip:x SIP/2.0\r\n");
  EXPECT_EQ(moved, "INVITE sip:x SIP/2.0\r\n");
  // Moved from: empty, holding nothing (what the move promises).
  EXPECT_TRUE(a.empty());      // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  EXPECT_EQ(a.capacity(), 0U); // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  copy = moved;
  moved = std::move(copy);
  EXPECT_EQ(moved.substr(0, 6), "INVITE");
  EXPECT_TRUE(moved.starts_with("INVITE "));
  EXPECT_THROW(moved.replace(moved.size() + 1, 0, "x"), std::out_of_range);
}

} // namespace
} // namespace gossipper::runtime
