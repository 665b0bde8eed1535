// Message buffers sized to what they hold: a message is kept in a buffer of
// its size class, and calls that take and give back the same classes reuse
// the shelf's buffers instead of making new ones.
#include "call/buffer_shelf.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace gossipper::runtime {
namespace {

TEST(BufferShelf, KeepsAMessageInTheBufferOfItsClass) {
  BufferShelf shelf;
  std::string s;
  shelf.store(s, std::string(600, 'i')); // an INVITE
  EXPECT_EQ(s, std::string(600, 'i'));
  EXPECT_EQ(s.capacity(), BufferShelf::class_capacity(BufferShelf::class_for(600)));
  shelf.store(s, std::string(330, 'a')); // then its ACK: a smaller buffer
  EXPECT_EQ(s, std::string(330, 'a'));
  EXPECT_EQ(s.capacity(), 375U); // a 384-byte chunk
  EXPECT_EQ(shelf.shelved(BufferShelf::class_for(600)), 1U);
  // Larger than every class: kept as std::string keeps it.
  shelf.store(s, std::string(5000, 'b'));
  EXPECT_EQ(s.size(), 5000U);
  EXPECT_EQ(shelf.shelved(BufferShelf::class_for(330)), 1U);
}

TEST(BufferShelf, ClassesCoverEverySizeUpToTheLargest) {
  for (size_t n = 0; n <= BufferShelf::class_capacity(BufferShelf::kClasses - 1); ++n) {
    size_t k = BufferShelf::class_for(n);
    ASSERT_LT(k, BufferShelf::kClasses) << n;
    EXPECT_GE(BufferShelf::class_capacity(k), n);
    EXPECT_TRUE(k == 0 || BufferShelf::class_capacity(k - 1) < n) << n;
    EXPECT_EQ(BufferShelf::class_of(BufferShelf::class_capacity(k)), k);
  }
  EXPECT_EQ(BufferShelf::class_for(2040), BufferShelf::kClasses);
  EXPECT_EQ(BufferShelf::class_of(15), BufferShelf::kClasses); // a short string's own room
}

TEST(BufferShelf, CallsThatTakeAndGiveTheSameClassesMakeNoNewBuffers) {
  BufferShelf shelf;
  std::vector<std::string> calls(50);
  std::set<const char *> buffers;
  for (int round = 0; round < 4; ++round) {
    for (std::string &sent : calls) {
      for (size_t size : {600, 330, 420}) { // INVITE, ACK, BYE
        shelf.store(sent, std::string(size, 'x'));
        if (round > 0) {
          EXPECT_TRUE(buffers.count(sent.data()) == 1) << "a new buffer in round " << round;
        } else {
          buffers.insert(sent.data());
        }
      }
    }
  }
}

} // namespace
} // namespace gossipper::runtime
