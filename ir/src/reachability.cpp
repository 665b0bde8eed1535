//===- reachability.cpp - The states a call can ever be in ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/reachability.hpp"

namespace gossipper::ir {
namespace {

bool optional(const State &st) {
  if (const auto *recv = std::get_if<RecvState>(&st.body)) {
    return recv->optional != Optional::No;
  }
  if (const auto *cmd = std::get_if<RecvCmdState>(&st.body)) {
    return cmd->optional != Optional::No;
  }
  return false;
}

} // namespace

std::vector<bool> reachable_states(const Scenario &s) {
  size_t n = s.states.size();
  std::vector<bool> seen(n, false);
  std::vector<size_t> work;
  auto reach = [&](StateIndex index) {
    auto i = static_cast<size_t>(index);
    if (index >= 0 && i < n && !seen[i]) {
      seen[i] = true;
      work.push_back(i);
    }
  };
  reach(0);
  reach(s.unexpected_jump);
  for (const auto *states : {&s.states, &s.init_states}) {
    for (const State &st : *states) {
      for (const Action &a : st.actions) {
        const auto *jump = std::get_if<JumpAction>(&a.body);
        if (jump != nullptr && jump->op == JumpAction::Op::Jump) {
          if (!jump->target.value) {
            return std::vector<bool>(n, true); // an index computed at run time
          }
          double to = *jump->target.value;
          if (to >= 0 && to < static_cast<double>(n)) {
            reach(static_cast<StateIndex>(to));
          }
        }
      }
    }
  }
  // An incoming message is matched against the optional messages ahead of
  // the current one and, for retransmissions, behind it. A retransmitted
  // final answer to an INVITE that matches a <recv> behind has the ACK after
  // that <recv> sent again, whether or not the <recv> was ever reached.
  // (Such an ACK is sent but not run: what follows it is not reached.)
  std::vector<bool> resent(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (optional(s.states[i])) {
      reach(static_cast<StateIndex>(i));
    }
    const auto *ack = std::get_if<SendState>(&s.states[i].body);
    resent[i] = i > 0 && ack != nullptr && ack->method == "ACK" &&
                std::holds_alternative<RecvState>(s.states[i - 1].body);
  }
  while (!work.empty()) {
    size_t i = work.back();
    work.pop_back();
    const State &st = s.states[i];
    reach(st.next.index);
    reach(st.on_timeout.index);
    // `next` alone always branches; with `test` or `chance` it may not; an
    // optional message that never comes is stepped over, and so is a <nop>
    // by the search for a <recvCmd>.
    bool always_branches = st.next.present() && st.test == kNoVar && !st.chance;
    if (!always_branches || optional(st) || std::holds_alternative<NopState>(st.body)) {
      reach(static_cast<StateIndex>(i + 1));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    seen[i] = seen[i] || resent[i];
  }
  return seen;
}

} // namespace gossipper::ir
