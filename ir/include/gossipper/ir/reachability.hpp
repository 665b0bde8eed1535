//===- reachability.hpp - The states a call can ever be in -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A state no call can reach (after an unconditional `next`, say, with no
// label, timeout or optional message leading to it) is dead: the verifier
// warns about it and code generation emits nothing for it. The analysis errs
// towards "reachable": a `<jump>` to an index held in a variable makes every
// state reachable, SIPp's search of optional messages, forwards and
// backwards, makes every optional one reachable, and its resending of an ACK
// for a retransmitted answer every ACK that follows a <recv>.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <vector>

namespace gossipper::ir {

/// Per state of `s.states`: whether a call can reach it.
[[nodiscard]] std::vector<bool> reachable_states(const Scenario &s);

} // namespace gossipper::ir
