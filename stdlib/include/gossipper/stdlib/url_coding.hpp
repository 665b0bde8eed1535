//===- url_coding.hpp - Percent-encoding for urlencode/urldecode -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's rules: alphanumerics and -_.~ stay, every other byte becomes %XX
// (upper case); decoding turns %XX into the byte and '+' into a space.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace gossipper::stdlib {

[[nodiscard]] std::string url_encode(std::string_view in);
[[nodiscard]] std::string url_decode(std::string_view in);

} // namespace gossipper::stdlib
