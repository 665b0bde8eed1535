//===- receive_matcher.hpp - Which <recv> a message is for -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp's matching of a received message to the scenario's <recv> elements
// (docs/sipp-behaviour.md, "Matching a received message"): a response by its
// code and by the CSeq method among those the call sent (or its transaction's
// branch), a request by its method, either by regular expression; searched
// forward from the call's element through optional ones, then backward. Pure
// logic over the scenario and the call.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"
#include "call/posix_regex.hpp"
#include "gossipper/ir/scenario.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

/// What of a received message the matching looks at.
struct ReceivedKey {
  int code = 0;                 ///< a response's status; 0 for a request
  std::string_view method;      ///< a request's method
  std::string_view cseq_method; ///< a response's CSeq method
  std::string_view branch;      ///< a response's top Via branch
};

/// Where a received message goes.
struct ReceiveMatch {
  enum class Kind : uint8_t {
    Element,   ///< element `index` receives it
    ResendAck, ///< a retransmitted final answer to our INVITE: send the ACK at `index` again
    None,      ///< unexpected
  };
  Kind kind = Kind::None;
  int index = -1;
};

class ReceiveMatcher {
public:
  explicit ReceiveMatcher(const ir::Scenario &scenario);

  /// Whether element `index` is a <recv> that takes this message.
  [[nodiscard]] bool matches(const Call &call, int index, const ReceivedKey &key) const;
  /// SIPp's search from the call's current element.
  [[nodiscard]] ReceiveMatch find(const Call &call, const ReceivedKey &key) const;

private:
  [[nodiscard]] const ir::RecvState *recv(int index) const {
    return std::get_if<ir::RecvState>(&scenario_.states[static_cast<size_t>(index)].body);
  }

  const ir::Scenario &scenario_;
  /// regexp_match="true": the request or response pattern, by element.
  std::vector<PosixRegex> regexes_;
  /// A response's element: its cseq_methods, concatenated as SIPp does.
  std::vector<std::string> cseq_lists_;
};

} // namespace gossipper::runtime
