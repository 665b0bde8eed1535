//===- header_names.hpp - SIP header names and their compact forms -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 3261 7.3.3 and its updates give some headers a one-letter form. The
// parser knows them all; SIPp's get_header() knows eight, and [last_X:]
// follows SIPp. One table for both.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <string_view>

namespace gossipper::runtime {

struct CompactForm {
  char letter;                 ///< lower case
  std::string_view name;       ///< the long form
  std::string_view with_colon; ///< "i:", as SIPp looks it up
  bool sipp;                   ///< SIPp's get_header knows it
};

inline constexpr std::array<CompactForm, 20> kCompactForms = {{
    {'i', "Call-ID", "i:", true},
    {'m', "Contact", "m:", true},
    {'e', "Content-Encoding", "e:", true},
    {'l', "Content-Length", "l:", true},
    {'c', "Content-Type", "c:", true},
    {'f', "From", "f:", true},
    {'t', "To", "t:", true},
    {'v', "Via", "v:", true},
    {'s', "Subject", "s:", false},
    {'k', "Supported", "k:", false},
    {'o', "Event", "o:", false},
    {'r', "Refer-To", "r:", false},
    {'b', "Referred-By", "b:", false},
    {'u', "Allow-Events", "u:", false},
    {'x', "Session-Expires", "x:", false},
    {'a', "Accept-Contact", "a:", false},
    {'j', "Reject-Contact", "j:", false},
    {'d', "Request-Disposition", "d:", false},
    {'y', "Identity", "y:", false},
    {'n', "Identity-Info", "n:", false},
}};

/// The long form of a one-letter name, by letter (lower case); empty when
/// the letter is no compact form.
inline constexpr std::array<std::string_view, 26> kLongFormByLetter = [] {
  std::array<std::string_view, 26> out{};
  for (const CompactForm &f : kCompactForms) {
    out[static_cast<size_t>(f.letter - 'a')] = f.name;
  }
  return out;
}();

} // namespace gossipper::runtime
