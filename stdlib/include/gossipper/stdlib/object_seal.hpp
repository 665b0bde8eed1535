//===- object_seal.hpp - The digest that closes a .gso ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A precompiled scenario runs as machine code: one damaged byte of its code
// or constants crashes the process or sends corrupted SIP. So the compiler
// ends every .gso with a seal, the SHA-256 of every byte before it and a
// magic string, and the loader maps only bytes whose seal matches. ELF
// loaders ignore bytes past what the headers reference, so the file stays an
// ordinary shared object. The seal detects damage; it is not a signature
// (who may have written a file is the loader's trust check).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gossipper::stdlib {

/// The last bytes of a sealed file; a new layout gets a new magic.
inline constexpr std::string_view kObjectSealMagic = "GSPOBJ-SHA256-v1";
/// SHA-256 of the image, then the magic.
inline constexpr size_t kObjectSealSize = 32 + kObjectSealMagic.size();

/// The seal to append after `image`.
std::string object_seal(std::string_view image);

enum class SealCheck {
  Matches,  ///< the file is its image and that image's seal
  Missing,  ///< no seal at the end: cut short, extended, or never sealed
  Mismatch, ///< a seal whose digest is not the image's: a byte changed
};

/// Checks the seal at the end of `file`; on Matches the image is the first
/// file.size() - kObjectSealSize bytes.
SealCheck check_object_seal(std::string_view file);

} // namespace gossipper::stdlib
