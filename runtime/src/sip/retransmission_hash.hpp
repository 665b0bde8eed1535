//===- retransmission_hash.hpp - How a message's retransmissions are told -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp tells a retransmitted message from a new one by a hash of all of it,
// or with -rtcheck loose of its To, From, Call-ID and CSeq values (and of a
// response its status line and body). The engine compares hashes only for
// equality, so it uses a faster hash of the same parts; -trace_calldebug
// prints SIPp's own (sdbm), so its lines read as SIPp's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string_view>

namespace gossipper::runtime {

/// The hash the engine keeps for retransmission detection.
[[nodiscard]] uint64_t retransmission_hash(std::string_view raw, bool loose);

/// SIPp's hash of the same parts, as its call debug lines print it.
[[nodiscard]] uint64_t sipp_retransmission_hash(std::string_view raw, bool loose);

} // namespace gossipper::runtime
