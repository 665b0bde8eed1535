// The seal that closes a .gso: it matches only the exact bytes it was made
// for, and a file cut short, extended or never sealed has none.
#include "gossipper/stdlib/object_seal.hpp"

#include <gtest/gtest.h>

namespace gossipper::stdlib {
namespace {

std::string sealed(const std::string &image) { return image + object_seal(image); }

TEST(ObjectSeal, IsTheSha256OfTheImageThenTheMagic) {
  std::string seal = object_seal("abc");
  ASSERT_EQ(seal.size(), kObjectSealSize);
  // SHA-256("abc"), FIPS 180-2's first example.
  EXPECT_EQ(seal.substr(0, 4), std::string_view("\xba\x78\x16\xbf", 4));
  EXPECT_EQ(seal.substr(28, 4), std::string_view("\xf2\x00\x15\xad", 4));
  EXPECT_EQ(seal.substr(32), kObjectSealMagic);
  EXPECT_EQ(check_object_seal(sealed("abc")), SealCheck::Matches);
  EXPECT_EQ(check_object_seal(sealed("")), SealCheck::Matches);
}

TEST(ObjectSeal, AnyChangedByteIsAMismatchOrNoSeal) {
  std::string file = sealed(std::string(300, 'x') + "\x7f"
                                                    "ELF and more");
  size_t magic = file.size() - kObjectSealMagic.size();
  for (size_t i = 0; i < file.size(); ++i) {
    std::string damaged = file;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x01);
    EXPECT_EQ(check_object_seal(damaged), i < magic ? SealCheck::Mismatch : SealCheck::Missing)
        << "byte " << i;
  }
}

TEST(ObjectSeal, AFileCutShortExtendedOrNeverSealedHasNone) {
  std::string file = sealed("an image");
  EXPECT_EQ(check_object_seal(file.substr(0, file.size() - 1)), SealCheck::Missing);
  EXPECT_EQ(check_object_seal(file + "\n"), SealCheck::Missing);
  EXPECT_EQ(check_object_seal("an image"), SealCheck::Missing);
  EXPECT_EQ(check_object_seal(""), SealCheck::Missing);
  EXPECT_EQ(check_object_seal(std::string(kObjectSealMagic)), SealCheck::Missing);
}

} // namespace
} // namespace gossipper::stdlib
