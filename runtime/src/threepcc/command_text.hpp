//===- command_text.hpp - What a 3PCC command says -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A command between 3PCC instances is the rendered text of a <sendCmd>
// (with a Call-ID: header, and in extended 3PCC a From: naming the sender),
// or SIPp's own "internal-cmd: abort_call" (docs/sipp-behaviour.md, "3PCC").
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string_view>

namespace gossipper::runtime {

/// Extended 3PCC: the sender, the first word after "From:" (SIPp's
/// check_peer_src); empty when none.
[[nodiscard]] std::string_view command_sender(std::string_view text);

/// SIPp's checkInternalCmd: "internal-cmd: abort_call" followed by a blank.
[[nodiscard]] bool is_abort_command(std::string_view text);

/// The command without its trailing CRLFs, which carry it and are not part
/// of what <recvCmd>'s actions see (SIPp strips them).
[[nodiscard]] std::string_view command_body(std::string_view text);

} // namespace gossipper::runtime
