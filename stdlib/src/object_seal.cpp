//===- object_seal.cpp - The digest that closes a .gso --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/object_seal.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstring>

namespace gossipper::stdlib {
namespace {

std::array<unsigned char, 32> sha256(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

} // namespace

std::string object_seal(std::string_view image) {
  std::array<unsigned char, 32> digest = sha256(image);
  std::string seal(reinterpret_cast<const char *>(digest.data()), digest.size());
  seal += kObjectSealMagic;
  return seal;
}

SealCheck check_object_seal(std::string_view file) {
  if (file.size() < kObjectSealSize || !file.ends_with(kObjectSealMagic)) {
    return SealCheck::Missing;
  }
  std::string_view image = file.substr(0, file.size() - kObjectSealSize);
  std::array<unsigned char, 32> digest = sha256(image);
  return std::memcmp(digest.data(), file.data() + image.size(), digest.size()) == 0
             ? SealCheck::Matches
             : SealCheck::Mismatch;
}

} // namespace gossipper::stdlib
