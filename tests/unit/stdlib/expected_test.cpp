// The one convention for fallible functions: a value, or an Error.
#include "gossipper/stdlib/expected.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace gossipper {
namespace {

Expected<int> half(int n) {
  if (n % 2 != 0) {
    return Error{std::to_string(n) + " is odd", 3};
  }
  return n / 2;
}

TEST(Expected, HoldsTheValueOrTheError) {
  Expected<int> four = half(8);
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(*four, 4);
  Expected<int> odd = half(7);
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().message, "7 is odd");
  EXPECT_EQ(odd.error().exit_code, 3);
}

TEST(Expected, AStringValueIsNotAnError) {
  Expected<std::string> text = std::string("value");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->size(), 5U);
  Expected<std::string> failed = Error{"reason"};
  EXPECT_FALSE(failed.ok());
}

TEST(Expected, MovesOutOwnedValues) {
  Expected<std::unique_ptr<int>> p = std::make_unique<int>(5);
  std::unique_ptr<int> owned = *std::move(p);
  EXPECT_EQ(*owned, 5);
}

TEST(Expected, VoidCarriesOnlyTheError) {
  Expected<void> fine;
  EXPECT_TRUE(fine.ok());
  Expected<void> bad = Error{"no"};
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "no");
  EXPECT_EQ(bad.error().exit_code, 0);
}

} // namespace
} // namespace gossipper
